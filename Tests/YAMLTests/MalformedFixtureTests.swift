import Diagnostics
import Testing
import YAML

/// Every file in `Fixtures/malformed/` must fail to load with exactly the diagnostics listed in
/// its `.expected` sidecar, one per line: `LINE:COL KIND message-substring`.
@Suite struct MalformedFixtureTests {
    struct Expectation: CustomStringConvertible {
        var line: Int
        var column: Int
        var kind: String
        var messagePart: String

        init?(_ text: Substring) {
            let parts = text.split(separator: " ", maxSplits: 2)
            let position = parts.first?.split(separator: ":") ?? []
            guard parts.count >= 2, position.count == 2, let line = Int(position[0]), let column = Int(position[1])
            else { return nil }
            self.line = line
            self.column = column
            kind = String(parts[1])
            messagePart = parts.count > 2 ? String(parts[2]) : ""
        }

        var description: String { "\(line):\(column) \(kind) \(messagePart)" }
    }

    static let names = Fixtures.names(in: "malformed")

    @Test func thereAreEnoughFixtures() {
        #expect(Self.names.count >= 22)
    }

    @Test(arguments: names)
    func fixtureFailsWithExpectedDiagnostics(_ name: String) throws {
        let path = Fixtures.path("malformed/\(name).yml")
        let expectedText = try #require(Fixtures.text("malformed/\(name).expected"), "missing \(name).expected")
        let expected = expectedText.split(separator: "\n").compactMap(Expectation.init)
        #expect(!expected.isEmpty, "\(name).expected has no expectation lines")

        var diagnostics: [Diagnostic] = []
        do {
            let node = try YAMLLoader.loadFile(path)
            Issue.record("\(name) loaded without error: \(String(describing: node))")
        } catch {
            diagnostics = error.diagnostics
        }
        let actual = diagnostics.map { d in
            "\(d.mark?.line ?? 0):\(d.mark?.column ?? 0) \(d.kind.rawValue) \(d.message)"
        }
        try #require(diagnostics.count == expected.count, "\(name): got \(actual)")
        for (diagnostic, expectation) in zip(diagnostics, expected) {
            #expect(diagnostic.mark?.file == path)
            #expect(diagnostic.mark?.line == expectation.line, "\(name): \(actual)")
            #expect(diagnostic.mark?.column == expectation.column, "\(name): \(actual)")
            #expect(diagnostic.kind.rawValue == expectation.kind, "\(name): \(actual)")
            #expect(diagnostic.message.contains(expectation.messagePart), "\(name): \(actual)")
        }
    }
}
