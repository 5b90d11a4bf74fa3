import Diagnostics
import PlaybookModel
import Templating
import Testing
import Values

@testable import Executor

/// The items of `loop:` and every `with_<lookup>:` form, as Ansible's lookups produce them.
struct LoopExpansionTests {
    let scope = Self.makeScope()

    static func makeScope() -> VariableScope {
        let scope = VariableScope(engine: TemplateEngine())
        scope.addTemplated([
            "packages": ["nginx", "curl"],
            "nested": [["a", ["b", "c"]], "d"],
            "users": [
                ["name": "alice", "keys": ["k1", "k2"]],
                ["name": "bob", "keys": []],
                ["name": "carol", "keys": ["k3"]],
            ],
            "ports": ["http": 80, "https": 443],
            "last": 4,
        ])
        return scope
    }

    func items(_ kind: LoopSource.Kind, _ value: Value) throws(TemplateError) -> [Value] {
        try LoopExpansion.items(
            of: LoopSource(kind: kind, value: value, mark: .synthetic("test")), scope: scope,
            playbookDirectory: FixtureFiles.path("loops"))
    }

    @Test func loopTakesAListAsIs() throws {
        #expect(try items(.loop, "{{ packages }}") == ["nginx", "curl"])
        #expect(try items(.loop, [["a", "b"], "c"]) == [["a", "b"], "c"], "loop never flattens")
        #expect(try items(.loop, []) == [])
    }

    @Test func loopRefusesAnythingButAList() {
        for value: Value in ["{{ ports }}", "plain text", .int(3)] {
            do {
                _ = try items(.loop, value)
                Issue.record("loop accepted \(value)")
            } catch {
                #expect(error.diagnostic.message.contains("loop needs a list"), "\(error.diagnostic)")
            }
        }
        do {
            _ = try items(.loop, "{{ ports }}")
        } catch {
            #expect(error.diagnostic.hint?.contains("dict2items") == true)
        }
    }

    @Test func withItemsFlattensOneLevel() throws {
        #expect(try items(.lookup("items"), "{{ nested }}") == ["a", ["b", "c"], "d"])
        #expect(try items(.lookup("items"), "single") == ["single"], "a string is one item")
        #expect(try items(.lookup("items"), .null) == [.null], "ansible-core listifies None into one item")
    }

    @Test func withListKeepsItemsWhole() throws {
        #expect(try items(.lookup("list"), "{{ nested }}") == [["a", ["b", "c"]], "d"])
    }

    @Test func withFlattenedFlattensEveryLevel() throws {
        #expect(try items(.lookup("flattened"), "{{ nested }}") == ["a", "b", "c", "d"])
        #expect(try items(.lookup("flattened"), [[[["deep"]]], "x"]) == ["deep", "x"])
    }

    @Test func withDictGivesKeyValuePairsInOrder() throws {
        #expect(try items(.lookup("dict"), "{{ ports }}") == [["key": "http", "value": 80], ["key": "https", "value": 443]])
        #expect(throws: TemplateError.self) { try items(.lookup("dict"), "{{ packages }}") }
    }

    @Test func withIndexedItemsNumbersFromZero() throws {
        #expect(try items(.lookup("indexed_items"), "{{ packages }}") == [[0, "nginx"], [1, "curl"]])
    }

    @Test func withTogetherZipsPaddingWithNone() throws {
        #expect(try items(.lookup("together"), [["a", "b", "c"], [1, 2]]) == [["a", 1], ["b", 2], ["c", .null]])
    }

    @Test func withNestedIsTheCartesianProduct() throws {
        #expect(
            try items(.lookup("nested"), [["web", "db"], [1, 2]]) == [["web", 1], ["web", 2], ["db", 1], ["db", 2]])
    }

    @Test func withSubelementsPairsEachElementWithEachSubitem() throws {
        let pairs = try items(.lookup("subelements"), ["{{ users }}", "keys"])
        #expect(pairs.map { $0.listValue?[1] } == ["k1", "k2", "k3"])
        #expect(pairs.map { $0.listValue?[0]["name"] } == ["alice", "alice", "carol"])
    }

    @Test func withFileglobMatchesUnderFilesInTheFileSystemsOrder() throws {
        let found = try items(.lookup("fileglob"), "conf.d/*.conf")
        // ansible-core keeps the order the directory lists in, so only the set is certain here.
        #expect(Set(found) == [.string(FixtureFiles.path("loops/files/conf.d/a.conf")), .string(FixtureFiles.path("loops/files/conf.d/b.conf"))])
        #expect(try items(.lookup("fileglob"), "nothing/*.x") == [])
    }

    @Test(arguments: [
        ("start=1 end=3", ["1", "2", "3"]),
        ("count=3", ["1", "2", "3"]),
        ("start=0 count=3 stride=2", ["0", "2", "4"]),
        ("start=10 end=0 stride=-5", ["10", "5", "0"]),
        ("start=1 end={{ last }} format=web%02d", ["web01", "web02", "web03", "web04"]),
        ("start=9 end=11 format=0x%x", ["0x9", "0xa", "0xb"]),
        ("start=5 end=5", ["5"]),
        ("4", ["1", "2", "3", "4"]),
        ("2-4", ["2", "3", "4"]),
        ("0-8/4", ["0", "4", "8"]),
        ("1-2:db%d", ["db1", "db2"]),
    ])
    func withSequence(_ text: String, _ expected: [String]) throws {
        #expect(try items(.lookup("sequence"), .string(text)) == expected.map(Value.string))
    }

    @Test(arguments: ["start=5 end=1", "start=1 end=5 stride=-1", "start=1 end=2 format=%d-%d", "start=1", "count=2 end=3"])
    func withSequenceErrorsAsAnsibleDoes(_ text: String) {
        #expect(throws: TemplateError.self, "\(text)") { try items(.lookup("sequence"), .string(text)) }
    }
}

extension LoopExpansionTests {
    @Test func withSubelementsRefusesAMissingKeyUnlessToldToSkip() throws {
        scope.setFinal("teams", [["name": "ops", "keys": ["k9"]], ["name": "new"]])
        #expect(throws: TemplateError.self) { try items(.lookup("subelements"), ["{{ teams }}", "keys"]) }
        let pairs = try items(.lookup("subelements"), ["{{ teams }}", "keys", ["skip_missing": true]])
        // ansible-core's lookup pairs each element without the list it iterates.
        #expect(pairs == [[["name": "ops"], "k9"]])
    }
}
