import Diagnostics
import Foundation
import Testing

@testable import PlaybookModel

/// One malformed fixture and every error it must produce, read from its `# expect:` lines:
/// `# expect: LINE:COL KIND [text]` for the fixture itself, `# expect: FILE:LINE:COL KIND [text]`
/// for another file (relative to the fixture folder). `text` must appear in the message or hint.
struct MalformedCase: CustomTestStringConvertible, Sendable {
    struct Expected: Sendable, Equatable, CustomStringConvertible {
        var file: String
        var line: Int
        var column: Int
        var kind: String
        var text: String

        var description: String { "\(file):\(line):\(column) \(kind)" }
    }

    var file: String
    var expected: [Expected]
    var testDescription: String { file }

    static let folder = Fixtures.path("malformed")

    static let all: [MalformedCase] = Fixtures.yamlFiles(in: folder).compactMap { name in
        let text = (try? String(contentsOfFile: folder + "/" + name, encoding: .utf8)) ?? ""
        let expected = text.split(separator: "\n").compactMap { parse(String($0), defaultFile: name) }
        return expected.isEmpty ? nil : MalformedCase(file: name, expected: expected)
    }

    private static func parse(_ line: String, defaultFile: String) -> Expected? {
        guard line.hasPrefix("# expect: ") else { return nil }
        let fields = line.dropFirst("# expect: ".count).split(separator: " ", maxSplits: 2).map(String.init)
        guard fields.count >= 2 else { return nil }
        var location = fields[0].split(separator: ":").map(String.init)
        guard location.count >= 2, let column = Int(location.removeLast()), let line = Int(location.removeLast()) else {
            return nil
        }
        let file = location.isEmpty ? defaultFile : location.joined(separator: ":")
        return Expected(
            file: file, line: line, column: column, kind: fields[1], text: fields.count > 2 ? fields[2] : "")
    }
}

@Suite struct MalformedPlaybookTests {
    @Test func thereAreEnoughMalformedFixtures() {
        #expect(MalformedCase.all.count >= 20)
    }

    @Test(arguments: MalformedCase.all)
    func reportsEveryErrorWithItsLocation(_ fixture: MalformedCase) {
        let path = MalformedCase.folder + "/" + fixture.file
        guard case .failure(let list) = Fixtures.load(path) else {
            Issue.record("\(fixture.file) loaded without an error")
            return
        }
        let errors = list.errors
        let prefix = MalformedCase.folder + "/"
        let actual = errors.map { diagnostic in
            let file = (diagnostic.mark?.file ?? "").replacingOccurrences(of: prefix, with: "")
            return "\(file):\(diagnostic.mark?.line ?? 0):\(diagnostic.mark?.column ?? 0) \(diagnostic.kind.rawValue)"
        }
        let rendered = DiagnosticPrinter(useColor: false).render(list.diagnostics)
        #expect(actual == fixture.expected.map(\.description), "\(rendered)")
        for (diagnostic, expected) in zip(errors, fixture.expected) where !expected.text.isEmpty {
            let words = diagnostic.message + " " + (diagnostic.hint ?? "")
            #expect(words.contains(expected.text), "\(diagnostic) / hint: \(diagnostic.hint ?? "-")")
        }
    }

    @Test func printedLikeACompiler() {
        let path = MalformedCase.folder + "/unknown-argument.yml"
        guard case .failure(let list) = Fixtures.load(path) else {
            Issue.record("expected an error")
            return
        }
        guard let unknown = list.errors.first(where: { $0.kind == .unknownArgument }) else {
            Issue.record("no unknown-argument error in \(list)")
            return
        }
        let rendered = DiagnosticPrinter(useColor: false).render(unknown)
        #expect(rendered.hasPrefix("\(path):10:9: error: unknown argument 'nme' for module 'apt'\n"), "\(rendered)")
        #expect(rendered.contains("  10 |         nme: nginx\n     |         ^\n"), "\(rendered)")
        #expect(rendered.contains("= hint: did you mean 'name'?"), "\(rendered)")
    }
}
