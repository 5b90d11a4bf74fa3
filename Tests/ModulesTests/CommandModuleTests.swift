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
        let result = try run("command", args(["_raw_params": .string("printf '%s|' \"a b\" 'c;touch \(canary)' $HOME")]))
        #expect(result.changed && !result.failed, "\(result.values)")
        #expect(result.values["stdout"] == .string("a b|c;touch \(canary)|$HOME|"))
        #expect(result.values["cmd"] == ["printf", "%s|", "a b", .string("c;touch \(canary)"), "$HOME"])
        #expect(result.values["rc"] == 0)
        #expect(!FileManager.default.fileExists(atPath: canary))
    }

    @Test func builtinsAreNotCommands() throws {
        let result = try run("command", args(["argv": ["exit", "0"]]))
        #expect(result.failed)
        #expect(result.values["rc"] == 127)
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
