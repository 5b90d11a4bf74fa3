import Foundation
import Modules
import Testing
import TestSupport
import Transport
import Values

/// known_hosts on lab host h99 with the host keys the lab hosts really have: added once, the
/// same again is no change, hashed names are found by the host's own ssh-keygen, check mode
/// leaves the file alone, and Ansible's refusals come with its messages.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct KnownHostsLabTests {
    static let directory = "/root/pb-known-hosts"

    /// The host's ed25519 and ecdsa public keys, as `TYPE BASE64`.
    func hostKeys(_ host: LabHost) throws -> (ed25519: String, ecdsa: String) {
        let ed = try host.sh("cut -d' ' -f1,2 /etc/ssh/lab/ssh_host_ed25519_key.pub")
        let ecdsa = try host.sh("cut -d' ' -f1,2 /etc/ssh/lab/ssh_host_ecdsa_key.pub")
        return (ed, ecdsa)
    }

    /// h99 with an empty known_hosts directory, and its real host keys.
    func freshHost() throws -> (host: LabHost, keys: (ed25519: String, ecdsa: String)) {
        _ = try Lab.require(hosts: 200)
        let host = try LabHost("h99")
        try host.sh("rm -rf \(Self.directory) && mkdir -m 700 \(Self.directory)")
        return (host, try hostKeys(host))
    }

    @Test func addsAKeyOnceAndReplacesItsTypeWithCheckModeLeavingTheFileAlone() throws {
        let (host, keys) = try freshHost()
        // `~` is the login user's home on the target, as Ansible's path type expands it there.
        let path = "~/pb-known-hosts/known_hosts"
        let file = Self.directory + "/known_hosts"
        let add = args(["name": "h99.lab", "key": .string("h99.lab,198.18.0.108 \(keys.ed25519)"), "path": .string(path)])

        let predicted = try host.run("known_hosts", add, check: true, diff: true)
        #expect(predicted.changed && !predicted.failed, "\(predicted.values)")
        #expect(try host.sh("test -e \(file) && echo yes || echo no") == "no", "check mode wrote the file")

        let added = try host.run("known_hosts", add, diff: true)
        #expect(added.changed && !added.failed && added.values["path"] == .string(file), "\(added.values)")
        #expect(added.values["diff"] == predicted.values["diff"])
        #expect(try host.sh("cat \(file)") == "h99.lab,198.18.0.108 \(keys.ed25519)")
        #expect(try host.sh("stat -c '%a %U' \(file)") == "644 root")
        #expect(try host.sh("ssh-keygen -F 198.18.0.108 -f \(file) | grep -vc '^#'") == "1", "ssh finds it by address too")

        let again = try host.run("known_hosts", add)
        #expect(!again.changed && !again.failed, "\(again.values)")

        try host.sh("chmod 600 \(file)")
        let ecdsa = try host.run("known_hosts", args(["name": "h99.lab", "key": .string("h99.lab \(keys.ecdsa)"), "path": .string(path)]))
        #expect(ecdsa.changed)
        let other = try host.sh("cut -d' ' -f1,2 /etc/ssh/lab/ssh_host_ed25519_key.pub | sed 's/AAAA/AAAB/'")
        let replaced = try host.run("known_hosts", args(["name": "h99.lab", "key": .string("h99.lab \(other)"), "path": .string(path)]))
        #expect(replaced.changed)
        #expect(try host.sh("cat \(file)") == "h99.lab \(keys.ecdsa)\nh99.lab \(other)")
        #expect(try host.sh("stat -c %a \(file)") == "600", "a rewritten file keeps its mode")
        #expect(try host.sh("ls -A \(Self.directory) | grep -c pb-tmp || true") == "0", "no temp file is left")
    }

    @Test func hashedNamesAreFoundByTheHostsSshKeygenAndRemovedWithAbsent() throws {
        let (host, keys) = try freshHost()
        let file = Self.directory + "/known_hosts"
        let hashed = args([
            "name": "h99.lab", "key": .string("h99.lab \(keys.ed25519)"), "path": .string(file), "hash_host": true,
        ])
        #expect(try host.run("known_hosts", hashed).changed)
        #expect(try host.sh("cut -c1-3 \(file)") == "|1|")
        #expect(try host.sh("ssh-keygen -F h99.lab -f \(file) | grep -v '^#' | cut -d' ' -f2,3") == keys.ed25519)
        #expect(!(try host.run("known_hosts", hashed)).changed, "a hashed key is the same whatever its salt")
        try host.sh("echo 'other.lab \(keys.ecdsa)' >> \(file)")

        let absent = args(["name": "h99.lab", "path": .string(file), "state": "absent"])
        let predicted = try host.run("known_hosts", absent, check: true)
        #expect(predicted.changed)
        #expect(try host.sh("grep -c '^|1|' \(file)") == "1", "check mode removed the line")
        let removed = try host.run("known_hosts", absent)
        #expect(removed.changed && !removed.failed, "\(removed.values)")
        #expect(try host.sh("cat \(file)") == "other.lab \(keys.ecdsa)")
        #expect(try host.sh("grep -c '^|1|' \(file).old") == "1", "the old file is kept as PATH.old, as ssh-keygen -R keeps it")
        #expect(!(try host.run("known_hosts", absent)).changed)
    }

    @Test func refusesAKeyForAnotherHostAListOfNamesAndAMissingKey() throws {
        let (host, keys) = try freshHost()
        let file = Self.directory + "/known_hosts"
        let wrong = try host.run(
            "known_hosts", args(["name": "h98.lab", "key": .string("h99.lab \(keys.ed25519)"), "path": .string(file)]))
        #expect(wrong.failed && wrong.message == "Host parameter does not match hashed host field in supplied key")
        let list = try host.run(
            "known_hosts", args(["name": "h99.lab,h98.lab", "key": .string("h99.lab \(keys.ed25519)"), "path": .string(file)]))
        #expect(list.failed && list.message?.hasPrefix("Comma separated list of names is not supported.") == true)
        let missing = try host.run("known_hosts", args(["name": "h99.lab", "path": .string(file)]))
        #expect(missing.failed && missing.message == "No key specified when adding a host")
        #expect(try host.sh("test -e \(file) && echo yes || echo no") == "no")
    }
}
