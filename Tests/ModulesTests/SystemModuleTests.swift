import Foundation
@testable import Modules
import Testing
import Transport
import Values
import YAML

/// raw, script, getent and cron: validation from Fixtures/system-validation.yml, and the real
/// programs run on this machine against files in a temporary directory.
struct SystemModuleTests {
    static let cases: [ValidationTests.Case] = {
        guard let root = try? YAMLLoader.loadFile(FixtureFiles.path("system-validation.yml")), let items = root.sequence
        else { return [] }
        return items.map { ValidationTests.Case(name: $0["case"]?.text ?? "?", node: $0) }
    }()

    @Test func theTableLoaded() {
        #expect(Self.cases.count >= 12)
    }

    @Test(arguments: cases)
    func validate(_ testCase: ValidationTests.Case) throws {
        try ValidationTests().validate(testCase)
    }

    func run(_ name: String, _ arguments: ValueDict, check: Bool = false, diff: Bool = false, search: [String] = [])
        throws -> ModuleResult
    {
        let module = try #require(ModuleRegistry.module(named: name))
        let normalized = try module.spec.normalize(arguments, at: .synthetic("test"))
        let context = ModuleContext(checkMode: check, diff: diff, searchDirectories: search)
        return try module.run(normalized, context: context, on: LocalShellConnection())
    }

    func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pb-system-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func rawIsTheProgramItself() throws {
        #expect(RawModule.program("echo $HOME; exit 3", executable: nil) == "echo $HOME; exit 3")
        #expect(RawModule.program("echo 'a'", executable: "/bin/bash") == "'/bin/bash' -c 'echo '\\''a'\\'''")
        let connection = LocalShellConnection()
        let module = RawModule()
        let result = try module.run(
            args(["_raw_params": "printf 'one\\ntwo\\n'; echo err >&2; exit 3"]), context: ModuleContext(), on: connection)
        #expect(connection.runs.first?.program == "printf 'one\\ntwo\\n'; echo err >&2; exit 3")
        #expect(result.changed && result.failed && result.message == "non-zero return code")
        #expect(result.values["rc"] == 3)
        #expect(result.values["stdout"] == "one\ntwo\n")
        #expect(result.values["stdout_lines"] == ["one", "two"])
        #expect(result.values["stderr_lines"] == ["err"])
        let ok = try run("raw", args(["_raw_params": "echo $0", "executable": "/bin/dash"]))
        #expect(ok.changed && !ok.failed && ok.values["stdout"] == "/bin/dash\n", "\(ok.values)")
    }

    @Test func scriptSplitsItsPathFromTheArgumentText() throws {
        let parsed = try ScriptModule.parse("  'my dir/run.sh'  --name \"a b\" $HOME ").get()
        #expect(parsed.path == "my dir/run.sh")
        #expect(parsed.arguments == "--name \"a b\" $HOME")
        #expect(try ScriptModule.parse("run.sh").get().arguments == "")
        #expect(throws: ScriptModule.Problem.self) { try ScriptModule.parse("'open").get() }
    }

    @Test func scriptRunsTheControllerFileWithShellArguments() throws {
        let dir = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/files", withIntermediateDirectories: true)
        try "#!/bin/sh\nprintf '%s|' \"$(basename \"$0\")\" \"$@\"; pwd; touch done\n"
            .write(toFile: dir + "/files/show.sh", atomically: true, encoding: .utf8)
        let work = try temporaryDirectory()
        let arguments = args([
            "_raw_params": "show.sh 'a b' c", "chdir": .string(work), "creates": .string(work + "/done"),
        ])
        let predicted = try run("script", arguments, check: true, search: [dir + "/files", dir])
        #expect(predicted.skipped && !predicted.changed && predicted.message == "Check mode is not supported for this task.")
        let first = try run("script", arguments, search: [dir + "/files", dir])
        #expect(first.changed && !first.failed, "\(first.values)")
        #expect(first.values["stdout"] == .string("show.sh|a b|c|\(work)\n"))
        #expect(first.values["rc"] == 0)
        let second = try run("script", arguments, search: [dir + "/files", dir])
        #expect(second.skipped && !second.changed && second.message == "\(work)/done exists, matching creates option")
        let missing = try run("script", args(["cmd": "nothere.sh"]), search: [dir + "/files"])
        #expect(missing.failed && missing.message?.hasPrefix("Could not find or access 'nothere.sh'") == true)
        let failing = try run("script", args(["cmd": "show.sh", "executable": "false"]), search: [dir + "/files"])
        #expect(failing.failed && failing.values["rc"] == 1 && failing.message == "non-zero return code")
    }

    @Test func getentFactsAsAnsibleShapesThem() throws {
        let root = try run("getent", args(["database": "passwd", "key": "root"]))
        #expect(!root.changed && !root.failed, "\(root.values)")
        let record = root.values["ansible_facts"]?["getent_passwd"]?["root"]?.listValue
        #expect(record?.count == 6 && record?[1] == "0" && record?[0] == "x")
        let missing = try run("getent", args(["database": "passwd", "key": "no-such-user-pb"]))
        #expect(missing.failed && missing.message == "One or more supplied key could not be found in the database.")
        let tolerated = try run("getent", args(["database": "passwd", "key": "no-such-user-pb", "fail_key": false]))
        #expect(!tolerated.failed && tolerated.values["ansible_facts"]?["getent_passwd"]?["no-such-user-pb"] == .null)
        let unknown = try run("getent", args(["database": "no-such-db"]))
        #expect(unknown.failed && unknown.message == "Missing arguments, or database unknown.")
        let split = try run("getent", args(["database": "passwd", "key": "root", "split": "/"]))
        #expect(split.values["ansible_facts"]?["getent_passwd"]?["root:x:0:0:root:"]?.listValue?.first == "root:")
    }

    @Test func cronFileJobsAndVariablesConverge() throws {
        let dir = try temporaryDirectory()
        let file = dir + "/backup"
        let job = args([
            "name": "nightly backup", "job": "/usr/local/bin/backup", "minute": "5", "hour": "2",
            "cron_file": .string(file), "user": "root",
        ])
        let predicted = try run("cron", job, check: true, diff: true)
        #expect(predicted.changed && !FileManager.default.fileExists(atPath: file))
        let added = try run("cron", job, diff: true)
        #expect(added.changed && added.values["jobs"] == ["nightly backup"], "\(added.values)")
        #expect(added.values["diff"] == predicted.values["diff"])
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "#Ansible: nightly backup\n5 2 * * * root /usr/local/bin/backup\n")
        #expect(!(try run("cron", job)).changed)
        var variable = args(["name": "MAILTO", "job": "ops@example.org", "env": true, "cron_file": .string(file), "user": "root"])
        #expect(try run("cron", variable).values["envs"] == ["MAILTO"])
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("MAILTO=\"ops@example.org\"\n#Ansible: nightly"))
        variable["insertafter"] = "NOPE"
        variable["name"] = "SHELL"
        let unknown = try run("cron", variable)
        #expect(unknown.failed && unknown.message == "Variable named 'NOPE' not found.")
        var disabled = job
        disabled["disabled"] = true
        let commented = try run("cron", disabled)
        let commentedText = try String(contentsOfFile: file, encoding: .utf8)
        #expect(commented.changed && commentedText.contains("\n#5 2 * * * root /usr/local/bin/backup\n"))
        let special = try run("cron", args(["name": "x", "job": "y", "special_time": "daily", "hour": "3", "cron_file": .string(file), "user": "root"]))
        #expect(special.failed && special.message == "You must specify time and date fields or special time.")
        let noUser = try run("cron", args(["name": "x", "job": "y", "cron_file": .string(file)]))
        #expect(noUser.failed && noUser.message == "To use cron_file=... parameter you must specify user=... as well")
        _ = try run("cron", args(["name": "MAILTO", "env": true, "state": "absent", "cron_file": .string(file)]))
        let removed = try run("cron", args(["name": "nightly backup", "state": "absent", "cron_file": .string(file)]), diff: true)
        #expect(removed.changed && removed.values["diff"]?["after_header"] == "/dev/null")
        #expect(!FileManager.default.fileExists(atPath: file), "a cron file with no entries left is removed")
    }

    @Test func cronAdoptsAnUnmarkedIdenticalJobAndAddsTheMissingNewline() throws {
        let dir = try temporaryDirectory()
        let file = dir + "/jobs"
        try "SHELL=/bin/sh\n0 * * * * root /bin/true".write(toFile: file, atomically: true, encoding: .utf8)
        let adopted = try run("cron", args(["name": "hourly", "job": "/bin/true", "minute": "0", "cron_file": .string(file), "user": "root"]))
        #expect(adopted.changed)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "SHELL=/bin/sh\n#Ansible: hourly\n0 * * * * root /bin/true\n")
        try "SHELL=/bin/sh".write(toFile: file, atomically: true, encoding: .utf8)
        let newline = try run("cron", args(["name": "OTHER", "env": true, "state": "absent", "cron_file": .string(file)]))
        #expect(newline.changed)
    }

    @Test func debconfAnswersAreWrittenAsDebconfReadsThem() {
        #expect(DebconfModule.answer(true, vtype: "boolean") == ("true", false))
        #expect(DebconfModule.answer("False", vtype: "boolean") == ("false", false))
        #expect(DebconfModule.answer(["b", "a", "C"], vtype: "multiselect") == ("C, a, b", true))
        #expect(DebconfModule.answer(8080, vtype: "string") == ("8080", false))
    }
}
