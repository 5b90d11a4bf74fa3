import Testing
import Values

/// The JSON codec against CPython's `json` module, case by case from `Fixtures/json-cases.tsv`.
struct JSONCodecTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var kind: String
        var input: String
        var expected: String
        var testDescription: String { "\(kind): \(input.prefix(60))" }
    }

    static let cases: [Case] = FixtureFile.rows("json-cases.tsv").map { fields in
        Case(
            kind: fields[0], input: fields.count > 1 ? fields[1] : "",
            expected: fields.count > 2 ? fields[2] : "")
    }

    @Test func tableIsLoaded() {
        #expect(Self.cases.count >= 70)
    }

    @Test(arguments: cases)
    func fixtureCase(_ c: Case) throws {
        if c.kind == "error" {
            do {
                let value = try JSON.parse(c.input)
                Issue.record("expected an error at byte \(c.expected), parsed \(value)")
            } catch {
                #expect(String(error.offset) == c.expected, "\(error)")
            }
            return
        }
        let value = try JSON.parse(c.input)
        let output: String
        switch c.kind {
        case "parse": output = JSON.serialize(value)
        case "sorted": output = JSON.serialize(value, sortKeys: true)
        case "nice": output = JSON.serialize(value, pretty: true, sortKeys: true, indent: 4)
        case "pretty": output = JSON.serialize(value, pretty: true, indent: 2)
        case "raw": output = JSON.serialize(value, ensureASCII: false)
        default:
            Issue.record("unknown case kind \(c.kind)")
            return
        }
        #expect(output == c.expected)
        // What we print, we read back to the same value.
        #expect(try JSON.parse(output) == value)
    }

    @Test func integersStayIntegersAndFloatsStayFloats() throws {
        #expect(try JSON.parse("[1, 1.0, -0, 1e0]") == .list([.int(1), .double(1), .int(0), .double(1)]))
        #expect(try JSON.parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
    }

    @Test func surrogatePairsDecodeToOneScalar() throws {
        #expect(try JSON.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSON.parse(#""\u00E9\u4E2D""#) == .string("é中"))
    }

    @Test func invalidUTF8IsRefusedWithItsOffset() {
        let bytes: [UInt8] = Array(#"["ok", "b"#.utf8) + [0xC3, 0x28] + Array(#""]"#.utf8)
        #expect(throws: JSONError.self) { try JSON.parse(bytes: bytes) }
        do {
            _ = try JSON.parse(bytes: bytes)
        } catch {
            #expect(error.offset == 9)
        }
    }

    @Test func nestingIsBoundedAt512() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try JSON.parse(ok) != .null)
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(throws: JSONError.self) { try JSON.parse(deep) }
        // Far deeper input fails the same way instead of exhausting the stack.
        let hostile = String(repeating: "{\"a\":", count: 200_000)
        do {
            _ = try JSON.parse(hostile)
            Issue.record("hostile nesting parsed")
        } catch {
            #expect(error.message.contains("nesting"))
            #expect(error.offset == 512 * 5)
        }
    }

    @Test func errorsCarryLineAndColumn() {
        do {
            _ = try JSON.parse("{\n  \"a\": tru\n}")
            Issue.record("parsed invalid literal")
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 8)
            #expect(error.description == "invalid literal; expected 'true' at line 2 column 8 (byte 9)")
        }
    }

    @Test func duplicateKeysKeepFirstPositionAndLastValue() throws {
        let value = try JSON.parse(#"{"a": 1, "b": 2, "a": 3}"#)
        #expect(value.dictValue?.keys == ["a", "b"])
        #expect(value["a"] == .int(3))
    }

    @Test func nonFiniteFloatsSerializeLikePython() {
        #expect(JSON.serialize([.double(.nan), .double(.infinity), .double(-.infinity)]) == "[NaN, Infinity, -Infinity]")
    }

    @Test func floatsFormatLikePythonRepr() {
        let cases: [(Double, String)] = [
            (1, "1.0"), (0.1, "0.1"), (1e16, "1e+16"), (9e15, "9000000000000000.0"),
            (1e-5, "1e-05"), (0.0001, "0.0001"), (-2.5, "-2.5"), (1.5e-7, "1.5e-07"),
            (123456789.0, "123456789.0"), (1.0 / 3, "0.3333333333333333"), (0, "0.0"),
            (2e-308, "2e-308"), (1.7976931348623157e308, "1.7976931348623157e+308"),
        ]
        for (value, text) in cases {
            #expect(JSON.format(double: value) == text)
        }
    }
}
