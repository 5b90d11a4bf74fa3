import Diagnostics
import Templating
import Testing
import Values
import YAML

/// The lookup and template-file tables in `Fixtures/lookup-cases.yaml` and
/// `Fixtures/lookups/file-format-cases.yaml` (csvfile, ini), rendered with `Fixtures/lookups/`
/// as the playbook directory.
struct LookupCaseTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var isTemplate: Bool
        var text: String
        var variables: ValueDict
        var expected: Value?
        var error: String?
        var message: String?
        var hint: String?
        var file: String?
        var errorLine: Int?
        var table: String
        var line: Int
        var testDescription: String { "\(table):\(line): \(text.prefix(70))" }
    }

    static let playbookDirectory = FixtureFile.path("lookups")

    static let tables = ["lookup-cases.yaml", "lookups/file-format-cases.yaml"]

    static let cases: [Case] = tables.flatMap { table -> [Case] in
        guard let root = try? YAMLLoader.loadFile(FixtureFile.path(table)), let items = root.sequence
        else { return [] }
        return items.compactMap { node -> Case? in
            guard let text = node["t"]?.text ?? node["e"]?.text else { return nil }
            var variables = node["vars"]?.toValue().dictValue ?? ValueDict()
            variables["playbook_dir"] = .string(playbookDirectory)
            if node["role"]?.toValue() == .bool(true) {
                variables["role_path"] = .string(playbookDirectory + "/roles/web")
            }
            return Case(
                isTemplate: node["t"] != nil, text: text, variables: variables, expected: node["out"]?.toValue(),
                error: node["error"]?.text, message: node["message"]?.text, hint: node["hint"]?.text,
                file: node["file"]?.text, errorLine: node["line"]?.toValue().intValue, table: table,
                line: node.mark.line)
        }
    }

    @Test func tableIsLoaded() {
        for table in Self.tables { #expect(Self.cases.filter { $0.table == table }.count >= 40, "\(table)") }
    }

    @Test(arguments: cases)
    func lookupCase(_ c: Case) {
        let engine = TemplateEngine()
        let context = TemplateContext(variables: c.variables)
        let mark = Mark(file: c.table, line: c.line, column: 1)
        let result: Result<Value, TemplateError>
        do throws(TemplateError) {
            result = .success(
                c.isTemplate
                    ? .string(try engine.renderTemplate(c.text, file: "case.j2", context: context))
                    : try engine.evaluate(c.text, at: mark, context: context))
        } catch {
            result = .failure(error)
        }
        switch (result, c.error) {
        case (.success(let value), nil):
            #expect(value == c.expected, "got \(value)")
        case (.success(let value), let kind?):
            Issue.record("expected a \(kind) error, got \(value)")
        case (.failure(let error), nil):
            Issue.record("unexpected error: \(error)")
        case (.failure(let error), let kind?):
            #expect(error.kind.name == kind, "got \(error)")
            if let message = c.message { #expect(error.diagnostic.message.contains(message), "got \(error)") }
            if let hint = c.hint { #expect(error.diagnostic.hint == hint, "got \(error)") }
            if let file = c.file { #expect(error.diagnostic.mark?.file.hasSuffix(file) == true, "got \(error)") }
            if let line = c.errorLine { #expect(error.diagnostic.mark?.line == line, "got \(error)") }
        }
    }
}
