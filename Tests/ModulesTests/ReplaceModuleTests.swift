import Diagnostics
import Foundation
@testable import Modules
import Testing
import Transport
import Values
import YAML

/// `replace` runs for real on this machine against Fixtures/fileops/replace-edits.yml, whose
/// expectations are what Python's re.subn (and so Ansible's replace) makes of each case: check
/// mode first, then for real, then again.
struct ReplaceModuleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var node: Node
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        guard let root = try? YAMLLoader.loadFile(FixtureFiles.path("fileops/replace-edits.yml")),
            let items = root.sequence
        else { return [] }
        return items.map { Case(name: $0["case"]?.text ?? "?", node: $0) }
    }()

    let scratch: String

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pb-replace-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    func run(_ arguments: ValueDict, check: Bool = false, diff: Bool = true) throws -> ModuleResult {
        let found = try #require(ModuleRegistry.module(named: "ansible.builtin.replace"))
        let normalized = try found.spec.normalize(arguments, at: .synthetic("test"))
        return try found.run(normalized, context: ModuleContext(checkMode: check, diff: diff), on: LocalShellConnection())
    }

    func contents(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func theTableLoaded() {
        #expect(Self.cases.count >= 18)
    }

    @Test(arguments: cases)
    func edit(_ testCase: Case) throws {
        let node = testCase.node
        let path = scratch + "/it's a $(touch canary) file"
        let before = try #require(node["before"]?.text)
        FileManager.default.createFile(atPath: path, contents: Data(before.utf8))
        var arguments = try #require(node["args"]?.toValue().dictValue)
        arguments["path"] = .string(path)
        let expectedAfter = try #require(node["after"]?.text)
        let changed = node["changed"]?.text == "true"
        let message = node["msg"]?.text ?? ""

        let predicted = try run(arguments, check: true)
        #expect(contents(path) == before, "check mode changed the file")
        #expect(predicted.changed == changed && !predicted.failed, "\(predicted.values)")
        if changed {
            let diff = try #require(predicted.values["diff"]?.dictValue, "\(predicted.values)")
            #expect(diff["before"]?.stringValue == before)
            #expect(diff["after"]?.stringValue == expectedAfter, "the check run predicted another text")
            #expect(diff["before_header"]?.stringValue == path)
        } else {
            #expect(predicted.values["diff"] == nil)
        }

        let real = try run(arguments)
        #expect(real.changed == changed && !real.failed, "\(real.values)")
        #expect(real.message ?? "" == message)
        #expect(real.values["rc"] == 0)
        #expect(contents(path) == expectedAfter)
        if node["again"]?.text != "true" {
            let again = try run(arguments)
            #expect(!again.changed && !again.failed, "a second run changed: \(again.values)")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch + "/canary"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch).filter { $0.hasPrefix(".pb") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func aMissingFileOrADirectoryFailsAsInAnsible() throws {
        let missing = try run(args(["path": .string(scratch + "/nope"), "regexp": "x"]))
        #expect(missing.failed && missing.message == "Path \(scratch)/nope does not exist !")
        #expect(missing.values["rc"] == 257)
        let directory = try run(args(["path": .string(scratch), "regexp": "x"]))
        #expect(directory.failed && directory.message == "Path \(scratch) is a directory !")
        #expect(directory.values["rc"] == 256)
    }

    @Test func attributesBackupAndValidate() throws {
        let path = scratch + "/conf"
        FileManager.default.createFile(atPath: path, contents: Data("a=1\n".utf8), attributes: [.posixPermissions: 0o644])
        let refused = try run(args(["path": .string(path), "regexp": "1", "replace": "2", "validate": "false %s"]))
        #expect(refused.failed && refused.message?.hasPrefix("failed to validate: rc:1") == true, "\(refused.values)")
        #expect(contents(path) == "a=1\n")

        let result = try run(args(["dest": .string(path), "regexp": "1", "replace": "2", "mode": "0600", "backup": true]))
        #expect(result.changed && result.message == "1 replacements made and ownership, perms or SE linux context changed")
        let backup = try #require(result.values["backup_file"]?.stringValue)
        #expect(contents(backup) == "a=1\n" && contents(path) == "a=2\n")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)

        let attributesOnly = try run(args(["path": .string(path), "regexp": "zzz", "mode": "0640"]))
        #expect(attributesOnly.changed && attributesOnly.message == "ownership, perms or SE linux context changed")
        #expect(attributesOnly.values["backup_file"] == nil && attributesOnly.values["diff"] == nil)
        // A section that is not found ends the run before owner, group and mode are looked at.
        let noSection = try run(args(["path": .string(path), "regexp": "a", "after": "zzz", "mode": "0600"]))
        #expect(!noSection.changed)
        #expect(noSection.message == "Pattern for before/after params did not match the given file: zzz(?P<subsection>.*)")
    }

    @Test func badRegexpsAndTemplatesFailWithoutWriting() throws {
        let path = scratch + "/conf"
        FileManager.default.createFile(atPath: path, contents: Data("a=1\n".utf8))
        let badRegexp = try run(args(["path": .string(path), "regexp": "(unclosed"]))
        #expect(badRegexp.failed && badRegexp.message?.contains("invalid regular expression in regexp") == true)
        let badGroup = try run(args(["path": .string(path), "regexp": "a", "replace": "\\2"]))
        #expect(badGroup.failed && badGroup.message?.contains("invalid group reference 2") == true)
        #expect(contents(path) == "a=1\n")
    }

    @Test func theSpecIsAnsibles() throws {
        let spec = ModuleSpec.replace
        #expect(spec.argument(named: "destfile")?.name == "path")
        #expect(spec.argument(named: "replace")?.defaultValue == "")
        #expect(spec.argument(named: "encoding")?.defaultValue == "utf-8")
        #expect(throws: DiagnosticList.self) { try spec.normalize(args(["path": "/x"]), at: .synthetic("t")) }
        #expect(throws: DiagnosticList.self) {
            try spec.normalize(args(["path": "/x", "regexp": "a", "replce": "b"]), at: .synthetic("t"))
        }
    }
}
