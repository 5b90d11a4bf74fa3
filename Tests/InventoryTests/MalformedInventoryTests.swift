import Diagnostics
import Testing

@testable import Inventory

/// One malformed fixture and every diagnostic it must produce, from `malformed/expectations.txt`.
struct MalformedCase: CustomTestStringConvertible, Sendable {
    struct Expected: Sendable, Equatable {
        var line: Int
        var column: Int
        var kind: String
        var text: String
    }

    var file: String
    var expected: [Expected]

    var testDescription: String { file }

    static let all: [MalformedCase] = {
        var cases: [String: [Expected]] = [:]
        var order: [String] = []
        for line in FixtureFiles.tableLines("malformed/expectations.txt") {
            let fields = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true).map(String.init)
            guard fields.count >= 3 else { continue }
            let position = fields[1].split(separator: ":").compactMap { Int($0) }
            guard position.count == 2 else { continue }
            let text = fields.count > 3 ? fields[3].trimmingCharacters(in: .whitespaces) : ""
            if cases[fields[0]] == nil { order.append(fields[0]) }
            cases[fields[0], default: []].append(
                Expected(line: position[0], column: position[1], kind: fields[2], text: text))
        }
        return order.map { MalformedCase(file: $0, expected: cases[$0] ?? []) }
    }()
}

@Suite struct MalformedInventoryTests {
    @Test func thereAreEnoughMalformedFixtures() {
        #expect(MalformedCase.all.count >= 12)
    }

    @Test(arguments: MalformedCase.all)
    func reportsEveryProblemWithItsLocation(_ fixture: MalformedCase) {
        let path = FixtureFiles.path("malformed/" + fixture.file)
        let diagnostics: [Diagnostic]
        switch FixtureFiles.load([path]) {
        case .success:
            Issue.record("\(fixture.file) loaded without an error")
            return
        case .failure(let list):
            diagnostics = list.diagnostics
        }
        let actual = diagnostics.map { "\($0.mark?.line ?? 0):\($0.mark?.column ?? 0) \($0.kind.rawValue)" }
        let wanted = fixture.expected.map { "\($0.line):\($0.column) \($0.kind)" }
        #expect(actual == wanted, "\(diagnostics.map(\.description))")
        for (diagnostic, expected) in zip(diagnostics, fixture.expected) {
            #expect(diagnostic.mark?.file == path)
            let words = diagnostic.message + " " + (diagnostic.hint ?? "")
            #expect(words.contains(expected.text), "\(diagnostic.description) hint: \(diagnostic.hint ?? "-")")
        }
    }

    @Test func renderedLikeACompiler() throws {
        let path = FixtureFiles.path("malformed/unknown-section-suffix.ini")
        guard case .failure(let list) = FixtureFiles.load([path]) else {
            Issue.record("expected an error")
            return
        }
        let rendered = DiagnosticPrinter(useColor: false).render(list.diagnostics)
        #expect(rendered.hasPrefix("\(path):4:6: error: unknown section type ':var'\n"))
        #expect(rendered.contains("   4 | [web:var]\n     |      ^\n"))
        #expect(rendered.contains("= hint: did you mean 'vars'?"))
    }

    @Test func missingSourceIsAnIOError() {
        guard case .failure(let list) = FixtureFiles.load(["/nonexistent/inventory.ini"]) else {
            Issue.record("expected an error")
            return
        }
        #expect(list.diagnostics.map(\.kind) == [.io])
    }

    @Test func problemsOfSeveralSourcesAreReportedTogether() {
        let sources = ["range-reversed.ini", "hostile-semicolon.ini"].map { FixtureFiles.path("malformed/" + $0) }
        guard case .failure(let list) = FixtureFiles.load(sources) else {
            Issue.record("expected an error")
            return
        }
        #expect(list.diagnostics.count == 2)
    }
}
