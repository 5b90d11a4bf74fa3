import Diagnostics
import Foundation
import Templating
import Testing
import Values
import YAML

/// Templates written to exhaust the controller are refused with a clear error naming the limit,
/// quickly and within bounded memory, on a thread with a host thread's stack. The cases are
/// data: `Fixtures/exhausting-templates.yml`.
@Suite(.serialized) struct TemplateExhaustionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        enum Mode: String, Sendable { case template, expression, file }
        var name: String
        var mode: Mode
        var text: String
        var kind: String
        var message: String
        /// How long the refusal may take in a debug build on a busy machine.
        var seconds: Double
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        do {
            return try load()
        } catch {
            Issue.record("cannot read exhausting-templates.yml: \(error)")
            return []
        }
    }()

    static func load() throws -> [Case] {
        let path = HostileFiles.fixture("exhausting-templates.yml").path
        guard case .list(let entries)? = try YAMLLoader.loadFile(path)?.toValue() else { return [] }
        return try entries.map { entry in
            guard let name = entry["name"]?.stringValue, let kind = entry["kind"]?.stringValue,
                let message = entry["message"]?.stringValue,
                let mode = [Case.Mode.template, .expression, .file].first(where: { entry[$0.rawValue] != nil })
            else { throw FixtureError.malformed(String(describing: entry)) }
            var text = entry[mode.rawValue]?.stringValue ?? ""
            if case .list(let parts)? = entry["parts"] {
                text = try parts.map { part in
                    if let literal = part.stringValue { return literal }
                    guard case .list(let pair) = part, pair.count == 2, let unit = pair[0].stringValue,
                        let count = pair[1].intValue
                    else { throw FixtureError.malformed("\(name): part \(part)") }
                    return String(repeating: unit, count: count)
                }.joined()
            }
            let seconds = entry["seconds"]?.intValue.map(Double.init) ?? defaultSeconds
            return Case(name: name, mode: mode, text: text, kind: kind, message: message, seconds: seconds)
        }
    }

    enum FixtureError: Error { case malformed(String) }

    /// Generous for a debug build on a busy machine: most refusals take milliseconds; the cases
    /// that count up to a limit (iterations, output) say how long they may take.
    static let defaultSeconds = 5.0
    /// The largest single refusal builds 256 MiB of output before the limit stops it.
    static let peakGrowthAllowed = 1536 << 20

    static let variables: Value = ["x": ["a": 1], "n": 3]

    static let exhaustionTally = HostileTally("exhausting templates refused with the limit named", cases: cases.count)

    @Test(arguments: cases)
    func isRefusedWithTheLimitNamed(_ testCase: Case) {
        Self.exhaustionTally.run { checks in
            let (outcome, use) = ResourceMeter.measure {
                HostThreadStack.run { Self.outcome(of: testCase) }
            }
            print("exhausting template '\(testCase.name)': \(use) -> \(outcome.prefix(160))")
            checks.expect(outcome.hasPrefix("error \(testCase.kind):"), "\(testCase.name): \(outcome.prefix(300))")
            checks.expect(outcome.contains(testCase.message), "\(testCase.name): \(outcome.prefix(300))")
            checks.expect(use.seconds < testCase.seconds, "\(testCase.name) took \(use)")
            if let growth = use.peakGrowthBytes {
                checks.expect(growth < Self.peakGrowthAllowed, "\(testCase.name) used \(use)")
            }
        }
    }

    /// "value …" or "error <kind>: <message>", computed on the calling thread.
    @Sendable static func outcome(of testCase: Case) -> String {
        let engine = TemplateEngine()
        let context = TemplateContext(variables)
        let mark = Mark(file: "hostile.yml", line: 1, column: 1)
        do throws(TemplateError) {
            let value: Value
            switch testCase.mode {
            case .template: value = try engine.render(testCase.text, at: mark, context: context)
            case .expression: value = try engine.evaluate(testCase.text, at: mark, context: context)
            case .file: value = .string(try engine.renderTemplate(testCase.text, file: "hostile.j2", context: context))
            }
            return "value \(String(describing: value).prefix(200))"
        } catch {
            return "error \(kindName(error.kind)): \(error.diagnostic.message)"
        }
    }

    /// `limit`, `filterError`, `undefined`: the case name without its associated values.
    static func kindName(_ kind: TemplateError.Kind) -> String {
        String(String(describing: kind).prefix { $0 != "(" })
    }
}

/// Just inside the bounds, templates still compile and render on a host thread's 1 MiB stack:
/// the bounds must be low enough for the recursive walks they protect.
@Suite struct TemplateBoundaryTests {
    static let cases: [(name: String, text: String)] = [
        ("99 nested parentheses", "{{ " + String(repeating: "(", count: 99) + "1" + String(repeating: ")", count: 99) + " }}"),
        ("99 nested lists", "{{ " + String(repeating: "[", count: 99) + "1" + String(repeating: "]", count: 99) + " | length }}"),
        ("99 nested if blocks", String(repeating: "{% if true %}", count: 99) + "x" + String(repeating: "{% endif %}", count: 99)),
        ("99 nested for blocks", String(repeating: "{% for i in [1] %}", count: 99) + "x" + String(repeating: "{% endfor %}", count: 99)),
        (
            "99 for blocks around 27 nested lists",
            String(repeating: "{% for i in [1] %}", count: 99) + "{{ " + String(repeating: "[", count: 27) + "1"
                + String(repeating: "]", count: 27) + " }}" + String(repeating: "{% endfor %}", count: 99)
        ),
        ("99 additions", "{{ 1" + String(repeating: " + 1", count: 98) + " }}"),
        ("99 filters", "{{ 1" + String(repeating: " | string", count: 98) + " }}"),
        ("98 attribute lookups", "{{ x" + String(repeating: ".a", count: 97) + " | default(0) }}"),
        ("49 method calls", "{{ 'a'" + String(repeating: ".upper()", count: 49) + " }}"),
    ]

    static let boundaryTally = HostileTally("templates just inside the bounds render on a 1 MiB stack", cases: cases.count)

    @Test(arguments: cases.indices)
    func rendersOnAHostThread(_ index: Int) {
        Self.boundaryTally.run { checks in
            let (name, text) = Self.cases[index]
            let outcome = HostThreadStack.run { () -> String in
                do throws(TemplateError) {
                    let value = try TemplateEngine().render(
                        text, at: Mark(file: "edge.yml", line: 1, column: 1), context: TemplateContext(["x": [:]]))
                    return "value \(String(describing: value).prefix(40))"
                } catch {
                    return "error \(error.diagnostic.message)"
                }
            }
            print("at the bound, \(name): \(outcome)")
            checks.expect(outcome.hasPrefix("value"), "\(name): \(outcome)")
        }
    }
}
