import Diagnostics
import Templating
import Testing
import Values

@testable import Executor

/// How a scope's layers combine: the later layer wins, templates render with the winning
/// values at the time they are read, facts appear under their injected names, lazy names
/// yield to real ones, and names are listed in the order they were first defined.
struct VariableScopeTests {
    static func scope() -> VariableScope { VariableScope(engine: TemplateEngine()) }

    @Test func aLaterLayerWinsAndTemplatesSeeTheWinner() throws {
        let scope = Self.scope()
        scope.addTemplated(["greeting": "hello {{ who }}", "who": "play"])
        #expect(try scope.resolve("greeting") == "hello play")
        scope.addFinal(["who": "registered"])
        #expect(try scope.resolve("greeting") == "hello registered", "a new layer drops what was rendered")
        scope.addTemplated(["greeting": "bye {{ who }}"])
        #expect(try scope.resolve("greeting") == "bye registered")
        #expect(try scope.resolve("absent") == nil)
        #expect(!scope.contains("absent") && scope.contains("who"))
    }

    @Test func finalValuesAreNeverRendered() throws {
        let scope = Self.scope()
        scope.addTemplated(["x": "1"])
        scope.addFinal(["raw": "{{ x }}"])
        scope.setFinal("set", "{{ x }}")
        #expect(try scope.resolve("raw") == "{{ x }}")
        #expect(try scope.resolve("set") == "{{ x }}")
    }

    @Test func setFinalValuesStackAsOneLayerThatLaterLayersStillBeat() throws {
        let scope = Self.scope()
        scope.addTemplated(["item": "play", "message": "{{ item }}"])
        for item in ["a", "b", "c"] {
            scope.setFinal("item", .string(item))
            #expect(try scope.resolve("message") == .string(item), "each loop item renders afresh")
        }
        scope.addFinal(["item": "above"])
        #expect(try scope.resolve("item") == "above")
        scope.setFinal("item", "top")
        #expect(try scope.resolve("item") == "top")
    }

    @Test func factsAppearPrefixedAndAsAnsibleFacts() throws {
        let scope = Self.scope()
        let facts: ValueDict = ["os_family": "Debian", "facts": "shadowed", "distribution": "Debian"]
        scope.addFacts(facts)
        #expect(try scope.resolve("ansible_os_family") == "Debian")
        #expect(try scope.resolve("ansible_facts") == .dict(facts), "the dict wins over a fact named `facts`")
        #expect(try scope.resolve("os_family") == nil)
        #expect(try scope.resolve("ansible_") == nil)
        #expect(scope.contains("ansible_distribution") && !scope.contains("ansible_kernel"))
        #expect(scope.definitionOrder == ["ansible_os_family", "ansible_facts", "ansible_distribution"])
        scope.addTemplated(["ansible_os_family": "{{ 'Red' ~ 'Hat' }}"])
        #expect(try scope.resolve("ansible_os_family") == "RedHat")
        let empty = Self.scope()
        empty.addFacts(ValueDict())
        #expect(try empty.resolve("ansible_facts") == nil, "no facts gathered: no ansible_facts")
    }

    @Test func lazyNamesYieldToAnyLayerAndAreBuiltOnce() throws {
        let scope = Self.scope()
        var built = 0
        scope.setLazy("groups") {
            built += 1
            return ["all": ["h1"]]
        }
        #expect(try scope.resolve("groups") == ["all": ["h1"]])
        #expect(try scope.resolve("groups") == ["all": ["h1"]])
        #expect(built == 1)
        scope.addTemplated(["groups": "mine"])
        #expect(try scope.resolve("groups") == "mine", "a variable named like a lazy one wins, even defined later")
        #expect(!scope.snapshot().keys.contains("hostvars"))
    }

    @Test func namesAreListedInTheOrderTheyWereFirstDefined() {
        let scope = Self.scope()
        scope.addTemplated(["b": 1, "a": 2])
        scope.setFinal("c", 3)
        scope.setLazy("hostvars") { .dict(ValueDict()) }
        scope.setFinal("d", 4)
        scope.addFinal(["a": 5, "e": 6])
        scope.setLazy("groups") { .dict(ValueDict()) }
        scope.setLazy("b") { .null }
        #expect(scope.definitionOrder == ["b", "a", "c", "hostvars", "d", "e", "groups"])
        #expect(scope.snapshot().keys == ["a", "b", "c", "d", "e"], "the snapshot lists real variables, sorted")
    }

    @Test func aVariableReferringToItselfIsAnError() {
        let scope = Self.scope()
        scope.addTemplated(["a": "{{ b }}", "b": "{{ a }}"])
        #expect(throws: TemplateError.self) { try scope.resolve("a") }
    }
}
