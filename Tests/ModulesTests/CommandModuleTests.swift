import Foundation
@testable import Modules
import Testing
import Transport
import Values

/// `command` and `shell` run for real on this machine.
struct CommandModuleTests {
    func run(_ name: String, _ arguments: ValueDict, check: Bool = false) throws -> ModuleResult {
        let module = try #require(ModuleRegistry.module(named: name))
        let normalized = try module.spec.normalize(arguments, at: .synthetic("test"))
        return try module.run(normalized, context: ModuleContext(checkMode: check), on: LocalShellConnection())
    }

    @Test func commandSplitsLikeShlexAndRunsNoShell() throws {
        let canary = FileManager.default.temporaryDirectory.appendingPathComponent("pb-cmd-canary-\(getpid())").path
        let result = try run("command", args(["_raw_params": .string("printf '%s|' \"a b\" 'c;touch \(canary)' '$(id)'")]))
        #expect(result.changed && !result.failed, "\(result.values)")
        #expect(result.values["stdout"] == .string("a b|c;touch \(canary)|$(id)|"))
        #expect(result.values["cmd"] == ["printf", "%s|", "a b", .string("c;touch \(canary)"), "$(id)"])
        #expect(result.values["rc"] == 0)
        #expect(!FileManager.default.fileExists(atPath: canary))
    }

    /// As ansible-core 2.18's command (expand_argument_vars): $NAME, ${NAME} and a leading ~
    /// expand on the target; unknown ones stay as written; nothing else a shell does happens.
    @Test func commandExpandsVariablesAndTildeInItsWords() throws {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? ""
        let words = "printf '%s|' $HOME ${HOME}x $PB_NO_SUCH_VARIABLE ~ ~root/x ~pb-no-such-user \"it's $HOME\""
        let result = try run("command", args(["_raw_params": .string(words)]))
        #expect(result.values["stdout"] == .string("\(home)|\(home)x|$PB_NO_SUCH_VARIABLE|\(home)|/root/x|~pb-no-such-user|it's \(home)|"))
        #expect(result.values["cmd"]?.listValue?[2] == "$HOME", "cmd shows the words as written")
        let literal = try run("command", args(["argv": ["printf", "%s", "$HOME ~"], "expand_argument_vars": false]))
        #expect(literal.values["stdout"] == "$HOME ~")
    }

    /// A program that cannot be started fails as Python's exec does in Ansible's command.
    @Test func aMissingProgramFailsWithPythonsErrno() throws {
        let missing = try run("command", args(["_raw_params": "/nonexistent/pb-tool 'a b'"]))
        #expect(missing.failed && !missing.changed, "\(missing.values)")
        #expect(missing.message == "[Errno 2] No such file or directory: b'/nonexistent/pb-tool'")
        #expect(missing.values["rc"] == 2 && missing.values["cmd"] == "/nonexistent/pb-tool 'a b'")
        #expect(missing.values["stdout_lines"] == [] && missing.values["delta"] == nil)
        let builtin = try run("command", args(["argv": ["exit", "0"]]))
        #expect(builtin.failed && builtin.values["rc"] == 2 && builtin.message == "[Errno 2] No such file or directory: b'exit'")
        let plain = FileManager.default.temporaryDirectory.appendingPathComponent("pb-plain-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: plain, contents: Data("x\n".utf8), attributes: [.posixPermissions: 0o644])
        defer { try? FileManager.default.removeItem(atPath: plain) }
        let notExecutable = try run("command", args(["argv": [.string(plain)]]))
        #expect(notExecutable.values["rc"] == 13 && notExecutable.message == "[Errno 13] Permission denied: b'\(plain)'")
        #expect(CommandModule.pythonBytesRepr("it's") == "b\"it's\"" && CommandModule.pythonShellQuote("") == "''")
    }

    @Test func shellRunsPipesAndReportsFailure() throws {
        let result = try run("shell", args(["_raw_params": "echo one; echo two | tr a-z A-Z; echo err >&2; exit 3"]))
        #expect(result.failed && result.changed)
        #expect(result.values["rc"] == 3)
        #expect(result.values["stdout_lines"] == ["one", "TWO"])
        #expect(result.values["stderr"] == "err")
        #expect(result.message == "non-zero return code")
        #expect(result.values["delta"]?.stringValue?.hasPrefix("0:00:0") == true)
    }

    @Test func createsRemovesChdirAndStdin() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pb-cmd-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let make = args(["cmd": "cat > made.txt", "chdir": .string(dir), "creates": "made*", "stdin": "hello"])
        let first = try run("shell", make)
        #expect(first.changed && !first.failed, "\(first.values)")
        #expect(FileManager.default.contents(atPath: dir + "/made.txt") == Data("hello\n".utf8))
        let second = try run("shell", make)
        #expect(!second.changed && second.message == "Did not run command since 'made*' exists")
        #expect(second.values["stdout"] == "skipped, since made* exists" && second.values["delta"] == .null)
        let removes = try run("command", args(["argv": ["rm", "gone"], "chdir": .string(dir), "removes": "gone"]))
        #expect(!removes.changed && !removes.failed)
    }

    @Test func checkModeSkipsUnlessCreatesDecides() throws {
        let canary = FileManager.default.temporaryDirectory.appendingPathComponent("pb-check-\(UUID().uuidString)").path
        let result = try run("shell", args(["_raw_params": .string("touch '\(canary)'")]), check: true)
        #expect(result.skipped && !result.changed)
        #expect(!FileManager.default.fileExists(atPath: canary))
        let decided = try run("shell", args(["_raw_params": "exit 1", "creates": "/"]), check: true)
        #expect(!decided.skipped && !decided.failed && !decided.changed)
        #expect(decided.message == "Would not run command since '/' exists")
        // creates not met: it would run, so check mode reports a change instead of a skip.
        let wouldRun = try run("shell", args(["_raw_params": "exit 1", "creates": .string("/nonexistent-\(UUID().uuidString)")]), check: true)
        #expect(!wouldRun.skipped && wouldRun.changed && wouldRun.message == "Command would have run if not in check mode")
    }

    @Test func deltaLooksLikePython() {
        #expect(CommandModule.formatDelta(nanoseconds: 2_345_000) == "0:00:00.002345")
        #expect(CommandModule.formatDelta(nanoseconds: 3_725_000_001_000) == "1:02:05.000001")
    }
}
