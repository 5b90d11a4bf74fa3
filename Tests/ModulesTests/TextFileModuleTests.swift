import Foundation
@testable import Modules
import Testing
import Transport
import Values
import YAML

/// `lineinfile` and `blockinfile` run for real on this machine against the table in
/// Fixtures/textfile-edits.yml (whose expectations are what Ansible's own modules do), each
/// case in check mode first, then for real, then again.
struct TextFileModuleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var node: Node
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        guard let root = try? YAMLLoader.loadFile(FixtureFiles.path("textfile-edits.yml")), let items = root.sequence
        else { return [] }
        return items.map { Case(name: $0["case"]?.text ?? "?", node: $0) }
    }()

    let scratch: String

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pb-text-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    func run(_ module: String, _ arguments: ValueDict, check: Bool = false, diff: Bool = true) throws -> ModuleResult {
        let found = try #require(ModuleRegistry.module(named: module))
        let normalized = try found.spec.normalize(arguments, at: .synthetic("test"))
        return try found.run(normalized, context: ModuleContext(checkMode: check, diff: diff), on: LocalShellConnection())
    }

    func contents(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func theTableLoaded() {
        #expect(Self.cases.count >= 40)
    }

    @Test(arguments: cases)
    func edit(_ testCase: Case) throws {
        let node = testCase.node
        let module = try #require(node["module"]?.text)
        let path = scratch + "/it's a $(touch canary) file"
        let before = node["before"].flatMap { $0.isNullScalar ? nil : $0.text }
        if let before { FileManager.default.createFile(atPath: path, contents: Data(before.utf8)) }
        var arguments = try #require(node["args"]?.toValue().dictValue)
        arguments["path"] = .string(path)
        let expectedAfter = node["after"].flatMap { $0.isNullScalar ? nil : $0.text }

        let predicted = try run(module, arguments, check: true)
        #expect(contents(path) == before, "check mode changed the file")
        if let failure = node["failed"]?.text {
            let real = try run(module, arguments)
            #expect(predicted.failed && real.failed, "\(real.values)")
            #expect(real.message?.contains(failure) == true, "\(real.message ?? "")")
            #expect(contents(path) == expectedAfter)
            return
        }
        let changed = node["changed"]?.text == "true"
        let message = (node["msg"]?.text ?? "").replacingOccurrences(of: "PATH", with: path)
        #expect(predicted.changed == changed && !predicted.failed, "\(predicted.values)")
        if changed, case .dict(let diff)? = predicted.values["diff"]?.listValue?.first ?? predicted.values["diff"] {
            #expect(diff["after"]?.stringValue == expectedAfter, "the check run predicted another text")
            #expect(diff["before"]?.stringValue == before ?? "")
        }

        let real = try run(module, arguments)
        #expect(real.changed == changed && !real.failed, "\(real.values)")
        #expect(real.message ?? "" == message)
        #expect(contents(path) == expectedAfter)
        let again = try run(module, arguments)
        #expect(!again.changed && !again.failed, "a second run changed: \(again.values)")
        #expect(contents(path) == expectedAfter)
        #expect(!FileManager.default.fileExists(atPath: scratch + "/canary"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch).filter { $0.hasPrefix(".pb") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func diffIsContentThenAttributesAsAnsibleShowsThem() throws {
        let path = scratch + "/conf"
        FileManager.default.createFile(atPath: path, contents: Data("a=1\n".utf8), attributes: [.posixPermissions: 0o644])
        let result = try run("lineinfile", args(["path": .string(path), "regexp": "^a=", "line": "a=2", "mode": "0600"]))
        #expect(result.changed)
        #expect(result.message == "line replaced and ownership, perms or SE linux context changed")
        let diffs = try #require(result.values["diff"]?.listValue)
        #expect(diffs.count == 2)
        #expect(diffs[0]["before"] == "a=1\n" && diffs[0]["after"] == "a=2\n")
        #expect(diffs[0]["before_header"] == .string("\(path) (content)"))
        #expect(diffs[1]["before"]?["mode"] == "0644" && diffs[1]["after"]?["mode"] == "0600")
        #expect(diffs[1]["after_header"] == .string("\(path) (file attributes)"))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let attributesOnly = try run("blockinfile", args(["path": .string(path), "block": "", "mode": "0640"]))
        #expect(attributesOnly.changed && attributesOnly.message == "ownership, perms or SE linux context changed")
        #expect(contents(path) == "a=2\n")
    }

    @Test func failingValidateLeavesTheFileAndNoBackup() throws {
        let path = scratch + "/sudoers"
        FileManager.default.createFile(atPath: path, contents: Data("root ALL\n".utf8), attributes: [.posixPermissions: 0o440])
        let inode = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        let refused = try run(
            "lineinfile",
            args(["path": .string(path), "line": "bad", "validate": "sh -c 'echo nope >&2; exit 3' %s", "backup": true]))
        #expect(refused.failed && refused.message == "failed to validate: rc:3 error:nope\n", "\(refused.values)")
        #expect(!refused.changed && refused.values["validate_output"] == nil, "Ansible's failure changes nothing")
        #expect(contents(path) == "root ALL\n")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int == inode)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch) == ["sudoers"], "no temp or backup file is left")

        let accepted = try run(
            "lineinfile", args(["path": .string(path), "line": "good", "validate": "grep -q good %s", "backup": true]))
        #expect(accepted.changed && !accepted.failed, "\(accepted.values)")
        let backup = try #require(accepted.values["backup"]?.stringValue)
        #expect(backup.hasPrefix(path + ".") && backup.hasSuffix("~"))
        #expect(contents(backup) == "root ALL\n")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o440, "an edited file keeps its mode")
    }

    @Test func aSymbolicLinkIsFollowedToTheFileItNames() throws {
        let target = scratch + "/real"
        let link = scratch + "/link"
        FileManager.default.createFile(atPath: target, contents: Data("a\n".utf8))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let result = try run("blockinfile", args(["path": .string(link), "block": "b"]))
        #expect(result.changed && !result.failed, "\(result.values)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(contents(target)?.contains("\nb\n") == true)
    }

    @Test func createMakesMissingParentsAndHonoursTheMode() throws {
        let path = scratch + "/new/dir/file"
        let predicted = try run("lineinfile", args(["path": .string(path), "line": "x", "create": true, "mode": "0600"]), check: true)
        #expect(predicted.changed && !FileManager.default.fileExists(atPath: scratch + "/new"))
        #expect(predicted.values["diff"]?["after"] == "x\n", "a file check mode would create has one content diff")
        // As in Ansible, the new file starts with the umask's mode, so its own mode is a change too.
        let created = try run("lineinfile", args(["path": .string(path), "line": "x", "create": true, "mode": "0604"]))
        #expect(created.changed, "\(created.values)")
        #expect(created.message == "line added and ownership, perms or SE linux context changed")
        #expect(created.values["diff"]?.listValue?.last?["after"]?["mode"] == "0604", "\(created.values)")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o604)
    }

    /// Ansible's lineinfile and blockinfile return their diff without --diff too (texts empty,
    /// attribute changes filled in); a file that is not there to remove from returns none.
    @Test func theDiffIsReturnedWithoutDiffModeAsAnsibleDoes() throws {
        let path = scratch + "/plain"
        FileManager.default.createFile(atPath: path, contents: Data("a\n".utf8), attributes: [.posixPermissions: 0o644])
        let edited = try run("lineinfile", args(["path": .string(path), "line": "b", "mode": "0640"]), diff: false)
        let diffs = try #require(edited.values["diff"]?.listValue, "\(edited.values)")
        #expect(diffs.count == 2)
        #expect(diffs[0]["before"] == "" && diffs[0]["after"] == "" && diffs[0]["before_header"] == .string("\(path) (content)"))
        #expect(diffs[1]["before"]?["mode"] == "0644" && diffs[1]["after"]?["mode"] == "0640")
        let unchanged = try run("blockinfile", args(["path": .string(path), "block": "", "state": "absent"]), diff: false)
        #expect(!unchanged.changed && unchanged.values["diff"]?.listValue?.count == 2, "\(unchanged.values)")
        let gone = try run("lineinfile", args(["path": .string(scratch + "/none"), "line": "x", "state": "absent"]), diff: false)
        #expect(!gone.changed && gone.message == "file not present")
        #expect(gone.values["diff"] == nil && gone.values["found"] == nil, "\(gone.values)")
        let replaced = try run("replace", args(["path": .string(path), "regexp": "b", "replace": "c"]), diff: false)
        #expect(replaced.changed && replaced.values["diff"] == nil, "replace returns a diff only under --diff")
    }

    @Test func emptyPatternsWarnAsAnsibleDoes() throws {
        let path = scratch + "/w"
        FileManager.default.createFile(atPath: path, contents: Data("a\n".utf8))
        let result = try run("lineinfile", args(["path": .string(path), "regexp": "", "line": "b"]))
        let warnings = try #require(result.values["warnings"]?.listValue)
        #expect(warnings.first?.stringValue?.hasPrefix("The regular expression is an empty string") == true)
        #expect(contents(path) == "b\n")
    }

    @Test func aDirectoryIsRefused() throws {
        let result = try run("lineinfile", args(["path": .string(scratch), "line": "x"]))
        #expect(result.failed && result.message == "Path \(scratch) is a directory !")
        #expect(result.values["rc"] == 256)
    }

    /// A run killed while the new text is being validated leaves the old file, its inode and
    /// no temp file; the temp file is 0600 while it exists.
    @Test func aKilledEditLeavesTheOldFileAndNoTempFile() throws {
        let path = scratch + "/victim"
        let seen = scratch + "/seen-mode"
        FileManager.default.createFile(atPath: path, contents: Data("old\n".utf8), attributes: [.posixPermissions: 0o644])
        let inode = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        let module = try #require(ModuleRegistry.module(named: "lineinfile"))
        let arguments = try module.spec.normalize(
            args([
                "path": .string(path), "line": "new",
                "validate": .string("sh -c 'stat -c %a \"$1\" > \(seen); sleep 60' sh %s"),
            ]), at: .synthetic("test"))
        let started = Date()
        // 3 s, not less: on a loaded machine the program must reach its validate step before
        // the bound, or the test would kill it earlier than the moment it means to.
        let result = try module.run(arguments, context: ModuleContext(timeoutSeconds: 3), on: LocalShellConnection())
        #expect(result.failed)
        #expect(Date().timeIntervalSince(started) < 30, "the program was not killed")
        #expect(contents(path) == "old\n")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int == inode)
        #expect(contents(seen) == "600\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch).filter { $0.hasPrefix(".pb") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    /// `package` checks its arguments as apt's before anything reaches the host.
    @Test func packageRefusesWhatAptWouldRefuseWithoutRunningAnything() throws {
        let connection = LocalShellConnection()
        let module = try #require(ModuleRegistry.module(named: "ansible.builtin.package"))
        let arguments = try module.spec.normalize(args(["name": "nginx", "state": "installed"]), at: .synthetic("test"))
        let result = try module.run(arguments, context: ModuleContext(), on: connection)
        #expect(result.failed)
        #expect(result.message?.contains("must be one of: absent, present, latest, fixed") == true, "\(result.message ?? "")")
        #expect(connection.runs.isEmpty)
    }
}
