import Diagnostics
import Foundation
import Inventory
import Testing

/// Every shell metacharacter, in every place an inventory names a host or a user, is refused at
/// parse time with the line and column where it was written. The cases are generated from the
/// templates in `Fixtures/shell-metacharacters.txt`.
@Suite struct ShellMetacharacterTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var format: Inventory.SourceFormat
        var character: Character
        var text: String
        var line: Int
        var column: Int
        var testDescription: String {
            "\(format == .ini ? "INI" : "YAML") \(Self.describe(character)) in \(text.debugDescription)"
        }

        /// How an error names the character: `';'`, `a space`, `a tab`, `a leading '-'`.
        static func describe(_ character: Character) -> String {
            switch character {
            case " ": return "a space"
            case "\t": return "a tab"
            case "-": return "a leading '-'"
            default: return "'\(character)'"
            }
        }
    }

    static let cases: [Case] = {
        guard let fixture = try? HostileFiles.fixtureText("shell-metacharacters.txt") else {
            Issue.record("cannot read shell-metacharacters.txt")
            return []
        }
        var cases: [Case] = []
        for line in fixture.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 3 else { continue }
            let format: Inventory.SourceFormat = fields[0] == "ini" ? .ini : .yaml
            for character in unescape(fields[1]) {
                if let built = build(unescape(fields[2]), with: character, format: format) { cases.append(built) }
            }
        }
        return cases
    }()

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\t", with: "\t")
            .replacingOccurrences(of: "\\s", with: " ").replacingOccurrences(of: "\\\\", with: "\\")
    }

    /// The inventory text with the character in place, and where the error must point.
    static func build(_ template: String, with character: Character, format: Inventory.SourceFormat) -> Case? {
        let marker: Character = template.contains("^") ? "^" : "@"
        guard let expected = template.firstIndex(of: marker) else { return nil }
        let before = template[..<expected]
        let line = before.filter { $0 == "\n" }.count + 1
        let lineStart = before.lastIndex(of: "\n").map(before.index(after:)) ?? before.startIndex
        let column = template[lineStart..<expected].count + 1
        let text = template.replacingOccurrences(of: "^", with: "").replacingOccurrences(of: "@", with: String(character))
        return Case(format: format, character: character, text: text, line: line, column: column)
    }

    static let metacharacterTally = HostileTally("shell metacharacters in inventory host names, addresses and users refused at parse time (file:line:col)", cases: cases.count)

    @Test(arguments: cases)
    func isRefusedWhereItIsWritten(_ testCase: Case) {
        Self.metacharacterTally.run { checks in
            let file = testCase.format == .ini ? "hosts.ini" : "hosts.yml"
            var diagnostics: [Diagnostic] = []
            do throws(DiagnosticList) {
                let inventory = try Inventory.parse(testCase.text, file: file, format: testCase.format)
                checks.expect(false, "loaded hosts \(inventory.hosts.map(\.name)) and no error")
                return
            } catch {
                diagnostics = error.diagnostics
            }
            let errors = diagnostics.filter { $0.severity == .error }
            let first = errors.first
            checks.expect(first?.kind == .syntax, "\(diagnostics)")
            checks.expect(first?.mark == Mark(file: file, line: testCase.line, column: testCase.column), "\(diagnostics)")
            checks.expect(first?.message.contains(Case.describe(testCase.character)) == true, "\(diagnostics)")
        }
    }
}
