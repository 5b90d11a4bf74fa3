import Diagnostics
import Testing
import Values
import YAML

/// `<<` merge keys as PyYAML applies them: merged pairs first, the earlier mapping of a merge
/// list winning over later ones, and explicit keys winning over everything merged.
@Suite struct MergeKeyTests {
    static let anchors = """
        a: &a {x: 1, y: 2}
        b: &b {y: 3, w: 4}

        """

    func load(_ text: String) throws -> Value {
        try #require(try YAMLLoader.load(Self.anchors + text, file: "merge.yml")).toValue()
    }

    @Test func explicitKeysWinOverAMergedMapping() throws {
        let value = try load("c:\n  <<: *a\n  x: 9\n")
        #expect(value["c"] == ["x": 9, "y": 2])
        #expect(value["c"]?.dictValue?.keys == ["x", "y"])
    }

    @Test func earlierMappingsOfAMergeListWin() throws {
        let value = try load("c:\n  z: 0\n  <<: [*a, *b]\n  x: 9\n")
        #expect(value["c"] == ["y": 2, "w": 4, "x": 9, "z": 0])
        // PyYAML's order: merged keys (from the last listed mapping first), then explicit ones.
        #expect(value["c"]?.dictValue?.keys == ["y", "w", "x", "z"])
    }

    @Test func mergedMappingsAreThemselvesMerged() throws {
        let value = try load("e: &e\n  <<: *b\n  k: 1\nf:\n  <<: *e\n  w: 5\n")
        #expect(value["f"] == ["y": 3, "w": 5, "k": 1])
    }

    @Test func inlineMappingCanBeMerged() throws {
        let value = try load("c:\n  <<: {p: 1}\n  q: 2\n")
        #expect(value["c"] == ["p": 1, "q": 2])
    }

    @Test func quotedMergeKeyIsAnOrdinaryKey() throws {
        let value = try load("c:\n  \"<<\": *a\n")
        #expect(value["c"] == ["<<": ["x": 1, "y": 2]])
    }

    @Test func taskDefaultsPatternWorks() throws {
        let text = """
            defaults: &task_defaults
              become: yes
              tags: [setup]
            tasks:
              - <<: *task_defaults
                name: one
              - <<: *task_defaults
                name: two
                become: no
            """
        let value = try #require(try YAMLLoader.load(text, file: "tasks.yml")).toValue()
        #expect(value["tasks"] == [
            ["become": true, "tags": ["setup"], "name": "one"],
            ["become": false, "tags": ["setup"], "name": "two"],
        ])
    }

    @Test func twoMergeKeysInOneMappingAreDuplicates() throws {
        let error = #expect(throws: DiagnosticList.self) {
            try YAMLLoader.load(Self.anchors + "c:\n  <<: *a\n  <<: *b\n", file: "merge.yml")
        }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.kind == .duplicateKey)
        #expect(diagnostic.mark?.line == 5)
        #expect(diagnostic.hint?.contains("<<: [*first, *second]") == true)
    }

    @Test func mergeListOfScalarsIsRefused() throws {
        let error = #expect(throws: DiagnosticList.self) {
            try YAMLLoader.load(Self.anchors + "c:\n  <<: [*a, 3]\n", file: "merge.yml")
        }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.kind == .wrongType)
        #expect(diagnostic.message.contains("item 2 is a scalar"))
        #expect(diagnostic.mark?.line == 4)
        #expect(diagnostic.mark?.column == 7)
    }
}
