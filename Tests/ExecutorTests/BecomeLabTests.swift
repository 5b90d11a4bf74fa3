import Foundation
import TestSupport
import Testing

/// `become` through sudo as the lab's `deploy` (no password) and `deployp` (password from the
/// inventory), on h118; the password never appears in anything the run prints.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct BecomeLabTests {
    @Test func passwordlessSudoMakesTheCommandRoot() throws {
        let lab = try LabPlaybook(["h118"], hostVars: ["h118": "ansible_user=deploy"])
        let output = try lab.run("become.yml")
        #expect(output.status == 0, "\(output)")
        let uid = try lab.sh("h118", "id -u deploy")
        #expect(output.stdout.contains("PLAIN=\(uid) BECOME=0"), "\(output)")
    }

    @Test func aSudoPasswordFromTheInventoryWorksAndNeverShows() throws {
        let password = try Lab.load().deploypPassword()
        let lab = try LabPlaybook(["h118"], hostVars: ["h118": "ansible_user=deployp ansible_become_password=\(password)"])
        let output = try lab.run("become.yml", ["-vvvv"])
        #expect(output.status == 0, "\(output)")
        let uid = try lab.sh("h118", "id -u deployp")
        #expect(output.stdout.contains("PLAIN=\(uid) BECOME=0"), "\(output)")
        #expect(output.stdout.count > 2000, "-vvvv printed the connection and the programs")
        #expect(!output.stdout.contains(password) && !output.stderr.contains(password), "the password leaked")
        #expect(try !lab.sh("h118", "journalctl --no-pager -o cat | grep -cF -- '\(password)' || true").hasPrefix("1"))
    }

    @Test func aWrongSudoPasswordFailsTheTaskWithoutShowingIt() throws {
        let wrong = "not-the-" + UUID().uuidString.prefix(8)
        let lab = try LabPlaybook(["h118"], hostVars: ["h118": "ansible_user=deployp ansible_become_password=\(wrong)"])
        let output = try lab.run("become.yml", ["-vvvv"], timeout: 120)
        #expect(output.status == 2, "\(output)")
        #expect(output.recap["h118"]?["failed"] == 1)
        #expect(!output.stdout.contains(wrong) && !output.stderr.contains(wrong), "the password leaked")
    }
}

extension BecomeLabTests {
    @Test func remoteUserOfThePlayIsTheLoginUserUnlessTheInventoryNamesOne() throws {
        let bare = try LabPlaybook(["h118"], user: nil)
        let output = try bare.run("remote-user.yml", ["-u", "root"])
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout.contains("USER=deploy"), "the keyword beats -u: \(output)")

        let named = try LabPlaybook(["h118"], user: "deployp")
        let inventoryWins = try named.run("remote-user.yml")
        #expect(inventoryWins.status == 0, "\(inventoryWins)")
        #expect(inventoryWins.stdout.contains("USER=deployp"), "ansible_user beats the keyword: \(inventoryWins)")
    }

    @Test func sshOptionsInTheInventoryNameTheLoginUserWhenNothingElseDoes() throws {
        let knownHosts = try Lab.load().knownHostsFile
        let lab = try LabPlaybook(
            ["h118"], user: nil, hostVars: ["h118": "ansible_ssh_common_args='-o UserKnownHostsFile=\(knownHosts) -l deploy'"])
        let output = try lab.run("login-user.yml")
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout.contains("USER=deploy"), "\(output)")
    }
}
