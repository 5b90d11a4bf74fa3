import Testing
import Values
import YAML

/// The emitter's output is shaped like PyYAML's (the golden strings below were produced by
/// PyYAML 6 with `default_flow_style=False`), and whatever it writes loads back to the same value.
@Suite struct EmitterTests {
    static let play: Value = [
        "hosts": "web",
        "become": true,
        "vars": ["port": 80, "mode": "0644", "ratio": 1.5, "none": nil, "empty": [], "words": ["a", "yes"]],
        "tasks": [["name": "t", "apt": ["name": "nginx"]]],
    ]

    @Test func blockStyleMatchesPyYAML() {
        let expected = """
            - become: true
              hosts: web
              tasks:
              - apt:
                  name: nginx
                name: t
              vars:
                empty: []
                mode: '0644'
                none: null
                port: 80
                ratio: 1.5
                words:
                - a
                - 'yes'

            """
        #expect(YAMLEmitter.emit([Self.play]) == expected)
    }

    @Test func indentFourMatchesPyYAML() {
        let expected = """
            -   become: true
                hosts: web
                tasks:
                -   apt:
                        name: nginx
                    name: t
                vars:
                    empty: []
                    mode: '0644'
                    none: null
                    port: 80
                    ratio: 1.5
                    words:
                    - a
                    - 'yes'

            """
        #expect(YAMLEmitter.emit([Self.play], indent: 4) == expected)
    }

    @Test func flowStyleMatchesPyYAML() {
        let expected =
            "{become: true, hosts: web, tasks: [{apt: {name: nginx}, name: t}], vars: {empty: [], "
            + "mode: '0644', none: null, port: 80, ratio: 1.5, words: [a, 'yes']}}\n"
        #expect(YAMLEmitter.emit(Self.play, flow: true) == expected)
    }

    @Test func defaultFlowStyleNoneInlinesCollectionsOfScalarsLikePyYAML() {
        let expected = """
            - become: true
              hosts: web
              tasks:
              - apt: {name: nginx}
                name: t
              vars:
                empty: []
                mode: '0644'
                none: null
                port: 80
                ratio: 1.5
                words: [a, 'yes']

            """
        #expect(YAMLEmitter.emit([Self.play], flow: nil) == expected)
        #expect(YAMLEmitter.emit([1, 2], flow: nil) == "[1, 2]\n")
        #expect(YAMLEmitter.emit([[1], [2]], indent: 4, flow: nil) == "- [1]\n- [2]\n")
    }

    @Test func nestedSequencesMatchPyYAML() {
        #expect(YAMLEmitter.emit([[1, 2], [3]]) == "- - 1\n  - 2\n- - 3\n")
        #expect(YAMLEmitter.emit([[1, 2], ["k": "v"]], indent: 4) == "-   - 1\n    - 2\n-   k: v\n")
    }

    @Test func plainScalarDocumentsEndWithDocumentEndMarker() {
        #expect(YAMLEmitter.emit("abc") == "abc\n...\n")
        #expect(YAMLEmitter.emit(12) == "12\n...\n")
        #expect(YAMLEmitter.emit(nil) == "null\n...\n")
        #expect(YAMLEmitter.emit("yes") == "'yes'\n")
        #expect(YAMLEmitter.emit([]) == "[]\n")
        #expect(YAMLEmitter.emit([:]) == "{}\n")
    }

    @Test func stringsThatWouldResolveAreQuoted() {
        let quoted: [(String, String)] = [
            ("yes", "'yes'"), ("0644", "'0644'"), ("1.0", "'1.0'"), ("", "''"), ("~", "'~'"),
            ("null", "'null'"), ("a: b", "'a: b'"), ("a #b", "'a #b'"), ("*x", "'*x'"), ("- x", "'- x'"),
            ("it's: x", "'it''s: x'"), ("tab\there", "\"tab\\there\""), ("1:30", "'1:30'"),
            ("2001-12-14", "'2001-12-14'"), ("<<", "'<<'"), (" lead", "' lead'"),
        ]
        for (text, written) in quoted {
            #expect(YAMLEmitter.emit(["k": .string(text)]) == "k: \(written)\n", "\(text)")
        }
        #expect(YAMLEmitter.emit(["k": "plain words"]) == "k: plain words\n")
        #expect(YAMLEmitter.emit(["k": "a#b"]) == "k: a#b\n")
    }

    @Test func multiLineStringsBecomeLiteralBlocks() {
        #expect(YAMLEmitter.emit(["k": "a\nb\n"]) == "k: |\n  a\n  b\n")
        #expect(YAMLEmitter.emit(["k": "a\nb"]) == "k: |-\n  a\n  b\n")
        #expect(YAMLEmitter.emit(["k": "a\n\n"]) == "k: |+\n  a\n\n")
        #expect(YAMLEmitter.emit(["k": "  indented\nnext\n"]) == "k: |2\n    indented\n  next\n")
        #expect(YAMLEmitter.emit(["k": "trailing \nspace"]) == "k: \"trailing \\nspace\"\n")
    }

    @Test func keysAreSortedByCodePointUnlessAskedNotTo() {
        let value: Value = ["b": 1, "a": 2, "B": 3, "é": 4]
        #expect(YAMLEmitter.emit(value) == "B: 3\na: 2\nb: 1\né: 4\n")
        #expect(YAMLEmitter.emit(value, sortKeys: false) == "b: 1\na: 2\nB: 3\né: 4\n")
    }

    @Test func floatsAreWrittenSoTheyReadBackAsFloats() {
        #expect(YAMLEmitter.emit(["f": 1e20]) == "f: 1.0e+20\n")
        #expect(YAMLEmitter.emit(["f": 0.00001]) == "f: 1.0e-05\n")
        #expect(YAMLEmitter.emit(["f": .double(.infinity)]) == "f: .inf\n")
        #expect(YAMLEmitter.emit(["f": .double(-.infinity)]) == "f: -.inf\n")
        #expect(YAMLEmitter.emit(["f": .double(.nan)]) == "f: .nan\n")
        #expect(YAMLEmitter.emit(["f": 3.0]) == "f: 3.0\n")
    }

    // MARK: Round trips

    static let awkwardStrings: [String] = [
        "", " ", "  ", "\n", "\n\n", "a\n", "\na", "a\n\n\nb", "  lead\nx", "\n  lead", "\ta", "a\t",
        "trail ", "x \ny", "\r\n", "cr\rlf", "\u{FEFF}bom", "nel\u{85}", "ls\u{2028}", "null\0byte",
        "\u{07}bell", "\u{7F}del", "\u{9F}c1", "café", "☕ tea", "😀", "---", "...", "--- x", "... x",
        "- ", "-", "-x", "? x", "?x", ": x", ":x", "x:", "x: y", "x:y", "#x", "x #y", "x#y", "[x]", "{x}",
        "x,y", "x, y", "@x", "`x`", "%x", "!x", "&x", "*x", "|", ">", "|-\n", "'", "\"", "''", "\"\"",
        "'quoted'", "a 'b' c", "back\\slash", "C:\\path\\to", "{{ var }}", "{{ a }}: b", "=", "<<",
        "0o17", "0x", "0b", "1e3", "1.0e3", "+.5", "-.nan", ".infinity", "2001-12-14 21:59:43.10 -5",
        String(repeating: "long ", count: 60), String(repeating: "k", count: 200) + ": v",
    ]

    static let scalarTexts: [String] =
        (Fixtures.text("resolution.txt") ?? "").split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let arrow = line.range(of: "=> ") else { return nil }
            return String(line[..<arrow.lowerBound]).trimmingCharacters(in: .whitespaces)
        }

    static let roundTripValues: [Value] = {
        var values: [Value] = [
            nil, true, false, 0, -1, 42, .int(Int.max), .int(Int.min), 0.0, -0.0, 1.5, -2.25, 1e16, 1e20,
            1e-5, 123456789.123, .double(.infinity), .double(-.infinity), [], [:], [[]], [[:]], [[], [:]],
            Self.play, [Self.play, Self.play], ["nested": ["deeper": ["deepest": [1, [2, [3, ["k": nil]]]]]]],
        ]
        // Keys of 128 characters or more are written as explicit `? key` entries.
        let longKey = String(repeating: "long key ", count: 20)
        let listValue: Value = ["a", "b"]
        let dictValue: Value = ["x": 1, "y": [1, 2]]
        values.append(.dict(ValueDict([(longKey, listValue), ("short", Value.int(1))])))
        values.append([.dict(ValueDict([(longKey, dictValue)]))])
        for text in awkwardStrings + scalarTexts {
            values.append(.string(text))
            values.append(["key": .string(text)])
            values.append(.dict(ValueDict([(text, Value.string("value"))])))
            values.append([.string(text), ["inner": .string(text)], [.string(text)]])
        }
        return values
    }()

    @Test(arguments: [(2, false), (4, false), (3, false), (2, true), (2, nil)] as [(Int, Bool?)])
    func emittedValuesLoadBackUnchanged(indent: Int, flow: Bool?) throws {
        for value in Self.roundTripValues {
            let text = YAMLEmitter.emit(value, indent: indent, flow: flow)
            do {
                let loaded = try YAMLLoader.load(text, file: "emitted.yml")?.toValue() ?? .null
                #expect(loaded == value, "\(value) emitted as:\n\(text)")
            } catch {
                Issue.record("\(value) emitted as unreadable YAML:\n\(text)\n\(error)")
            }
        }
    }

    @Test func nanLoadsBackAsNaN() throws {
        let loaded = try YAMLLoader.load(YAMLEmitter.emit([.double(.nan)]), file: "nan.yml")?.toValue()
        guard case .double(let value)? = loaded?.listValue?.first else {
            Issue.record("not a float: \(String(describing: loaded))")
            return
        }
        #expect(value.isNaN)
    }
}
