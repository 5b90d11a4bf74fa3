import Testing
import TestSupport
@testable import Transport

/// Passwordless sudo runs a long-lived shell per become user, once per connection: each task
/// then starts no sudo of its own, yet still runs as that user in a fresh child shell.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment))
struct LabBecomeShellTests {
    /// The command names of the program's parent and grandparent on the host. The parent comes
    /// from /proc/self/stat: a program may run in a subshell, whose $PPID is its shell's.
    static let ancestry =
        "read -r _ _ _ parent _ < /proc/self/stat; ps -o comm= -p $parent; ps -o comm= -p $(ps -o ppid= -p $parent)\n"

    @Test func becomeTasksRunUnderOneSudoPerUser() throws {
        let lab = try Lab.require(hosts: 200)
        let connection = try SSHConnection.connect(try lab.target("h84", user: "deploy"))
        defer { connection.close() }
        let first = try connection.run(RunRequest(program: "id -u; leaked=1\n" + Self.ancestry, become: Become()))
        #expect(first.stdoutText == "0\nsh\nsudo\n", "stderr: \(first.stderrText)")
        let second = try connection.run(
            RunRequest(program: "id -u; echo \"${leaked-unset}\"\n" + Self.ancestry, become: Become(), timeoutSeconds: 30))
        #expect(second.stdoutText.hasPrefix("0\nunset\n"), "stderr: \(second.stderrText)")
        let other = try connection.run(RunRequest(program: "id -un", become: Become(user: "deployp")))
        #expect(other.stdoutText == "deployp\n")
        let plain = try connection.run(RunRequest(program: "id -un"))
        #expect(plain.stdoutText == "deploy\n")
        #expect(connection.becomeShells.keys.sorted() == ["deployp", "root"])
    }

    @Test func passwordSudoStillRunsPerTask() throws {
        let lab = try Lab.require(hosts: 200)
        let connection = try SSHConnection.connect(try lab.target("h85", user: "deployp"))
        defer { connection.close() }
        let password = Secret(try lab.deploypPassword())
        for _ in 0..<2 {
            let output = try connection.run(RunRequest(program: "id -u\n" + Self.ancestry, become: Become(password: password)))
            #expect(output.stdoutText == "0\nsudo\nsh\n", "stderr: \(output.stderrText)")
        }
        #expect(connection.becomeShells.isEmpty)
    }
}
