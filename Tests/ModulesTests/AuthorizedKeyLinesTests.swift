import Foundation
import Modules
import Testing
import Transport
import Values
import YAML

/// authorized_key's reading and rewriting of a keys file, against the cases of
/// Fixtures/authorized-key-lines.yml (made with ansible.posix's own module code). The module
/// program runs on this machine in check mode with a `path`, where it looks no user up and
/// writes nothing: the predicted file is the diff's `after`.
struct AuthorizedKeyLinesTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var node: Node
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        guard let root = try? YAMLLoader.loadFile(FixtureFiles.path("authorized-key-lines.yml")), let items = root.sequence
        else { return [] }
        return items.map { Case(name: $0["case"]?.text ?? "?", node: $0) }
    }()

    @Test func theTableLoaded() {
        #expect(Self.cases.count >= 15)
    }

    @Test(arguments: cases)
    func rewritesTheFileAsAnsiblePosix(_ testCase: Case) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pb-ak-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let path = scratch + "/authorized_keys"
        let before = try #require(testCase.node["file"]?.text)
        try Data(before.utf8).write(to: URL(fileURLWithPath: path))

        var arguments = args(["user": "pb-nobody", "path": .string(path)])
        for pair in testCase.node["args"]?.mapping ?? [] {
            guard let name = pair.key.text else { continue }
            arguments[name] = pair.value.text == "true" ? .bool(true) : .string(pair.value.text ?? "")
        }
        let module = try #require(ModuleRegistry.module(named: "ansible.posix.authorized_key"))
        let normalized = try module.spec.normalize(arguments, at: .synthetic("test"))
        let result = try module.run(normalized, context: ModuleContext(checkMode: true, diff: true), on: LocalShellConnection())

        if let error = testCase.node["error"]?.text {
            #expect(result.failed && result.message == error, "\(result.values)")
        } else if let after = testCase.node["after"]?.text, testCase.node["after"]?.scalar?.style != .plain || after != "null" {
            #expect(result.changed && !result.failed, "\(result.values)")
            #expect(result.values["diff"]?.dictValue?["after"] == .string(after))
            #expect(result.values["diff"]?.dictValue?["before"] == .string(before))
        } else {
            #expect(!result.changed && !result.failed && result.values["diff"] == nil, "\(result.values)")
        }
        let untouched = try String(contentsOfFile: path, encoding: .utf8)
        #expect(untouched == before, "check mode wrote the file")
    }
}
