import Testing
import Values
import YAML

/// The resolution table lives in `Fixtures/resolution.txt` (checked against PyYAML 6): each row
/// is the text after `value: ` and the value YAML 1.1 gives it.
@Suite struct ScalarResolutionTests {
    struct Row: Sendable, CustomStringConvertible {
        var text: String
        var expected: Value
        var description: String { "value: \(text)" }
    }

    static let rows: [Row] = (Fixtures.text("resolution.txt") ?? "").split(separator: "\n").compactMap { line in
        guard !line.hasPrefix("#"), let arrow = line.range(of: " => ") ?? line.range(of: "=> ") else { return nil }
        let text = line[..<arrow.lowerBound].trimmingCharacters(in: .whitespaces)
        let spec = line[arrow.upperBound...]
        let (type, raw) = spec.firstIndex(of: ":").map { (spec[..<$0], String(spec[spec.index(after: $0)...])) }
            ?? (spec, "")
        let expected: Value
        switch type {
        case "str": expected = .string(raw)
        case "int": expected = Int(raw).map(Value.int) ?? .string("bad int in table: \(raw)")
        case "float": expected = Double(raw).map(Value.double) ?? .string("bad float in table: \(raw)")
        case "bool": expected = .bool(raw == "true")
        case "null": expected = .null
        default: expected = .string("bad type in table: \(type)")
        }
        return Row(text: text, expected: expected)
    }

    @Test func tableCoversEnoughCases() {
        #expect(Self.rows.count >= 60)
    }

    @Test(arguments: rows)
    func scalarResolvesLikePyYAML(_ row: Row) throws {
        let document = try #require(try YAMLLoader.load("value: \(row.text)\n", file: "row.yml"))
        let node = try #require(document["value"])
        let resolved = node.toValue()
        if case .double(let expected) = row.expected, expected.isNaN {
            guard case .double(let actual) = resolved else {
                Issue.record("expected nan, got \(resolved)")
                return
            }
            #expect(actual.isNaN)
        } else {
            #expect(resolved == row.expected)
            #expect(node.resolvedScalar == row.expected)
        }
    }

    @Test func collectionsHaveNoResolvedScalar() throws {
        let document = try #require(try YAMLLoader.load("list: [1]\nmap: {a: 1}\n", file: "t.yml"))
        #expect(document.resolvedScalar == nil)
        #expect(document["list"]?.resolvedScalar == nil)
        #expect(document["map"]?.resolvedScalar == nil)
    }

    @Test func mappingKeysBecomeTheirText() throws {
        let document = try #require(
            try YAMLLoader.load("1: one\ntrue: yes\n~: nothing\n\"q\": quoted\n0644: octal\n", file: "t.yml"))
        let value = document.toValue()
        #expect(value["1"] == "one")
        #expect(value["true"] == .bool(true))
        #expect(value["~"] == "nothing")
        #expect(value["q"] == "quoted")
        #expect(value["0644"] == "octal")
        #expect(value.dictValue?.keys == ["1", "true", "~", "q", "0644"])
    }

    @Test func nestedStructuresResolveThroughout() throws {
        let text = """
            - name: Install
              apt: {name: nginx, state: present, update_cache: yes, cache_valid_time: 3600}
              become: True
              tags: [web, 1.5, ~]
            """
        let value = try #require(try YAMLLoader.load(text, file: "t.yml")).toValue()
        let expected: Value = [
            [
                "name": "Install",
                "apt": ["name": "nginx", "state": "present", "update_cache": true, "cache_valid_time": 3600],
                "become": true,
                "tags": ["web", 1.5, nil],
            ]
        ]
        #expect(value == expected)
    }

    @Test func collectionTagsAreHonoured() throws {
        let text = "m: !!map {a: 1}\ns: !!seq [1, 2]\nset: !!set {a, b}\nblock: |\n  0644\n"
        let value = try #require(try YAMLLoader.load(text, file: "t.yml")).toValue()
        #expect(value["m"] == ["a": 1])
        #expect(value["s"] == [1, 2])
        #expect(value["set"] == ["a": nil, "b": nil])
        #expect(value["block"] == "0644\n")
    }
}
