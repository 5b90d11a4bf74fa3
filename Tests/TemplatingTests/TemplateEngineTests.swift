import Diagnostics
import Foundation
import Templating
import Testing
import Values

/// The engine's contract with the layers above: native types, lazy variables, the cache shared
/// between threads, structured values.
struct TemplateEngineTests {
    let engine = TemplateEngine()
    let mark = Mark(file: "site.yml", line: 3, column: 7)

    @Test func isTemplatedFindsOnlyMarkers() {
        #expect(TemplateEngine.isTemplated("{{ x }}"))
        #expect(TemplateEngine.isTemplated("a {% if x %}"))
        #expect(TemplateEngine.isTemplated("{# note #}"))
        #expect(!TemplateEngine.isTemplated("plain { braces } and % and #"))
        #expect(!TemplateEngine.isTemplated("${HOME} {x}"))
        #expect(!TemplateEngine.isTemplated(""))
    }

    @Test func plainStringsComeBackUnchanged() throws {
        #expect(try engine.render("no markers: { } %", at: mark, context: TemplateContext()) == "no markers: { } %")
    }

    @Test func resolverIsAskedOnlyForNamesNotGivenAndOnlyWhenUsed() throws {
        final class Calls: @unchecked Sendable { var names: [String] = [] }
        let calls = Calls()
        let context = TemplateContext(variables: ValueDict([("given", .int(1))])) { name throws(TemplateError) -> Value? in
            calls.names.append(name)
            return name == "derived" ? .string("from-resolver") : nil
        }
        let value = try engine.render("{{ given }}-{{ derived }}{% if false %}{{ never }}{% endif %}", at: mark, context: context)
        #expect(value == "1-from-resolver")
        #expect(calls.names == ["derived"])
    }

    @Test func resolverErrorsKeepTheirOwnLocation() throws {
        let elsewhere = Mark(file: "group_vars/all.yml", line: 9, column: 12)
        let context = TemplateContext(variables: ValueDict()) { name throws(TemplateError) -> Value? in
            throw TemplateError(kind: .undefined(path: "base"), diagnostic: .error(.undefined, "'base' is undefined", at: elsewhere))
        }
        do throws(TemplateError) {
            _ = try engine.render("{{ derived }}", at: mark, context: context)
            Issue.record("rendered through a failing resolver")
        } catch {
            #expect(error.diagnostic.mark == elsewhere)
            #expect(error.kind == .undefined(path: "base"))
        }
    }

    @Test func renderValueTemplatesNestedStringsAndKeys() throws {
        let arguments: Value = ["name": "{{ pkg }}", "opts": ["--{{ flag }}", 3], "{{ key }}": true]
        let context = TemplateContext(["pkg": "nginx", "flag": "quiet", "key": "enabled"])
        let rendered = try engine.renderValue(arguments, at: mark, context: context)
        #expect(rendered == ["name": "nginx", "opts": ["--quiet", 3], "enabled": true])
    }

    @Test func bracedConditionsEvaluateToo() throws {
        #expect(try engine.evaluate("{{ x > 1 }}", at: mark, context: TemplateContext(["x": 2])) == true)
    }

    @Test func oneEngineRendersFromManyThreadsConsistently() throws {
        let engine = self.engine
        let mark = self.mark
        let templates = (0..<16).map { "{{ (base ~ '-\($0)') | upper }}{% for i in range(3) %}{{ i }}{% endfor %}" }
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var wrong = 0
        }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 64) { worker in
            for round in 0..<50 {
                let index = (worker + round) % templates.count
                let value = try? engine.render(templates[index], at: mark, context: TemplateContext(["base": "h"]))
                if value != .string("H-\(index)012") {
                    results.lock.lock()
                    results.wrong += 1
                    results.lock.unlock()
                }
            }
        }
        #expect(results.wrong == 0)
    }

    @Test func cachedRenderingIsCheap() throws {
        let context = TemplateContext(["item": ["name": "nginx", "state": "present"], "ansible_hostname": "web1"])
        let text = "/etc/{{ item.name }}/{{ ansible_hostname }}.conf"
        _ = try engine.render(text, at: mark, context: context)
        let start = Date()
        for _ in 0..<20_000 {
            _ = try engine.render(text, at: mark, context: context)
        }
        let perRender = Date().timeIntervalSince(start) / 20_000
        // A generous bound for an unoptimised build on a busy machine; the point is that the
        // compile step is not repeated.
        #expect(perRender < 0.001, "\(perRender * 1e6) µs per render")
    }
}
