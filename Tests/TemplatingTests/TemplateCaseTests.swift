import Diagnostics
import Templating
import Testing
import Values
import YAML

/// The case table in `Fixtures/cases.yaml`: expressions and templates with the value or the
/// error kind they must give.
struct TemplateCaseTests {
    struct Case: CustomTestStringConvertible, Sendable {
        enum Mode: String, Sendable { case t, e, f }
        var mode: Mode
        var text: String
        var variables: Value
        var expected: Value?
        var error: String?
        var message: String?
        var line: Int
        var testDescription: String { "line \(line): \(mode.rawValue) \(text.prefix(70))" }
    }

    static let cases: [Case] = {
        let path = FixtureFile.path("cases.yaml")
        guard let root = try? YAMLLoader.loadFile(path), let items = root.sequence else { return [] }
        return items.compactMap { node -> Case? in
            for mode in [Case.Mode.t, .e, .f] {
                guard let text = node[mode.rawValue]?.text else { continue }
                return Case(
                    mode: mode, text: text, variables: node["vars"]?.toValue() ?? .dict(ValueDict()),
                    expected: node["out"]?.toValue(), error: node["error"]?.text,
                    message: node["message"]?.text, line: node.mark.line)
            }
            return nil
        }
    }()

    static let engine = TemplateEngine()

    @Test func tableHasAtLeast300Cases() {
        #expect(Self.cases.count >= 300)
    }

    @Test(arguments: cases)
    func templateCase(_ c: Case) {
        let context = TemplateContext(c.variables)
        let mark = Mark(file: "cases.yaml", line: c.line, column: 1)
        let result: Result<Value, TemplateError>
        do throws(TemplateError) {
            switch c.mode {
            case .t: result = .success(try Self.engine.render(c.text, at: mark, context: context))
            case .e: result = .success(try Self.engine.evaluate(c.text, at: mark, context: context))
            case .f: result = .success(.string(try Self.engine.renderTemplate(c.text, file: "case.j2", context: context)))
            }
        } catch {
            result = .failure(error)
        }
        switch (result, c.error) {
        case (.success(let value), nil):
            #expect(value == c.expected, "got \(value)")
            if let expected = c.expected { #expect(value.sameTypes(as: expected), "got \(value)") }
        case (.success(let value), let kind?):
            Issue.record("expected a \(kind) error, got \(value)")
        case (.failure(let error), nil):
            Issue.record("unexpected error: \(error)")
        case (.failure(let error), let kind?):
            #expect(error.kind.name == kind, "got \(error)")
            if let message = c.message {
                #expect(error.diagnostic.message.contains(message), "got \(error)")
            }
        }
    }
}

extension TemplateError.Kind {
    var name: String {
        switch self {
        case .undefined: return "undefined"
        case .syntax: return "syntax"
        case .unknownFilter: return "unknownFilter"
        case .unknownTest: return "unknownTest"
        case .filterError: return "filterError"
        case .typeError: return "typeError"
        case .limit: return "limit"
        }
    }
}

extension Value {
    /// `==` on Value already tells 1 from 1.0; this also checks nested values, where a dict
    /// compares by key and a list by position.
    func sameTypes(as other: Value) -> Bool {
        switch (self, other) {
        case (.list(let a), .list(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.sameTypes(as: $1) }
        case (.dict(let a), .dict(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map(value.sameTypes) ?? false }
        default: return typeName == other.typeName
        }
    }
}
