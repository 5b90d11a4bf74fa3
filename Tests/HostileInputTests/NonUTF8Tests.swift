import Diagnostics
import Foundation
import Inventory
import PlaybookModel
import Testing
import Values
import YAML

/// Files that are not UTF-8 are refused where the first bad byte is, by every loader: a Latin-1
/// host name quietly turned into U+FFFD would name a host nobody wrote.
@Suite struct NonUTF8Tests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var loader: String
        var line: Int
        var column: Int
        var bytes: [UInt8]
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        guard let text = try? HostileFiles.fixtureText("non-utf8.txt") else {
            Issue.record("cannot read non-utf8.txt")
            return []
        }
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "|", maxSplits: 3).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 4 else { return nil }
            let position = fields[2].split(separator: ":").compactMap { Int($0) }
            guard position.count == 2 else { return nil }
            return Case(
                name: fields[0], loader: fields[1], line: position[0], column: position[1],
                bytes: unescape(fields[3]))
        }
    }()

    /// `\n`, `\xNN` and `\\` as bytes; everything else as its UTF-8.
    static func unescape(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var rest = Substring(text)
        while let character = rest.first {
            rest = rest.dropFirst()
            guard character == "\\", let next = rest.first else {
                bytes += Array(String(character).utf8)
                continue
            }
            rest = rest.dropFirst()
            switch next {
            case "n": bytes.append(0x0A)
            case "x":
                if let value = UInt8(rest.prefix(2), radix: 16) {
                    bytes.append(value)
                    rest = rest.dropFirst(2)
                }
            default: bytes += Array(String(next).utf8)
            }
        }
        return bytes
    }

    static let encodingTally = HostileTally("non-UTF-8 files refused at the first bad byte (file:line:col)", cases: cases.count)

    static let bomTally = HostileTally("UTF-8 with a byte order mark loads", cases: 1)

    @Test(arguments: cases)
    func isRefusedAtTheFirstBadByte(_ testCase: Case) throws {
        try Self.encodingTally.run { checks in
            let directory = try HostileFiles.scratchDirectory()
            defer { HostileFiles.remove(directory) }
            let fileExtension = testCase.loader == "ini" ? "ini" : testCase.loader == "json" ? "json" : "yml"
            let path = directory.appendingPathComponent("input.\(fileExtension)").path
            try Data(testCase.bytes).write(to: URL(fileURLWithPath: path))

            if testCase.loader == "json" {
                var error: JSONError?
                do throws(JSONError) { _ = try JSON.parse(bytes: testCase.bytes) } catch let thrown { error = thrown }
                checks.expect(error != nil, "\(testCase.name) parsed without an error")
                checks.expect(error.map { [$0.line, $0.column] } == [testCase.line, testCase.column], "\(error.map(String.init(describing:)) ?? "")")
                return
            }
            let diagnostics = Self.diagnostics(loading: path, with: testCase.loader)
            let first = diagnostics.first { $0.severity == .error }
            checks.expect(first != nil, "\(testCase.name) loaded without an error")
            checks.expect([.encoding, .syntax].contains(first?.kind), "\(testCase.name): \(diagnostics)")
            checks.expect(first?.mark?.file == path)
            checks.expect(first?.mark?.line == testCase.line, "\(testCase.name): \(first.map(String.init(describing:)) ?? "")")
            checks.expect(first?.mark?.column == testCase.column, "\(testCase.name): \(first.map(String.init(describing:)) ?? "")")
        }
    }

    static func diagnostics(loading path: String, with loader: String) -> [Diagnostic] {
        do {
            switch loader {
            case "yaml": _ = try YAMLLoader.loadFile(path)
            case "playbook": _ = try PlaybookLoader.load(path: path)
            default: _ = try Inventory.load(sources: [path])
            }
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// A byte order mark is not an error: UTF-8 with a BOM is still UTF-8.
    @Test func utf8WithAByteOrderMarkLoads() throws {
        try Self.bomTally.run { checks in
            let directory = try HostileFiles.scratchDirectory()
            defer { HostileFiles.remove(directory) }
            let ini = directory.appendingPathComponent("hosts.ini")
            try Data([0xEF, 0xBB, 0xBF] + Array("[web]\nweb1\n".utf8)).write(to: ini)
            checks.expect(try Inventory.load(sources: [ini.path]).hosts.map(\.name) == ["web1"])
            let yaml = directory.appendingPathComponent("vars.yml")
            try Data([0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8)).write(to: yaml)
            checks.expect(try YAMLLoader.loadFile(yaml.path)?.toValue() == ["a": 1])
        }
    }
}
