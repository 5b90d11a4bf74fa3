/// A strict RFC 8259 parser over UTF-8 bytes.
///
/// Strictness is deliberate: no comments, no trailing commas, no single quotes, no NaN, no leading
/// zeros, no raw control characters in strings, no lone surrogates, valid UTF-8 only.
struct JSONParser {
    private let bytes: [UInt8]
    private let maximumDepth: Int
    private var position = 0
    private var depth = 0

    init(bytes: [UInt8], maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    mutating func parseDocument() throws(JSONError) -> Value {
        skipWhitespace()
        if position == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw error("unexpected byte order mark; JSON text must not start with one")
        }
        let value = try parseValue()
        skipWhitespace()
        if position < bytes.count {
            throw error("extra data after the JSON value")
        }
        return value
    }

    // MARK: - Values

    private mutating func parseValue() throws(JSONError) -> Value {
        guard let byte = peek() else { throw error("expected a value but the input ended") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("expected a value, found \(describe(byte))")
        }
    }

    private mutating func parseObject() throws(JSONError) -> Value {
        try enterContainer()
        position += 1  // {
        var dict = ValueDict()
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .dict(dict)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else {
                throw error("expected a string key in double quotes, found \(describeCurrent())")
            }
            let key = try parseString()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else {
                throw error("expected ':' after an object key, found \(describeCurrent())")
            }
            position += 1
            skipWhitespace()
            // A repeated key keeps its first position and takes the last value, as Python's json does.
            dict[key] = try parseValue()
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                return .dict(dict)
            default:
                throw error("expected ',' or '}' in an object, found \(describeCurrent())")
            }
        }
    }

    private mutating func parseArray() throws(JSONError) -> Value {
        try enterContainer()
        position += 1  // [
        var list: [Value] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .list(list)
        }
        while true {
            skipWhitespace()
            list.append(try parseValue())
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                return .list(list)
            default:
                throw error("expected ',' or ']' in an array, found \(describeCurrent())")
            }
        }
    }

    private mutating func enterContainer() throws(JSONError) {
        depth += 1
        if depth > maximumDepth {
            throw error("nesting deeper than \(maximumDepth) levels")
        }
    }

    private mutating func expectWord(_ word: StaticString) throws(JSONError) {
        let start = position
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for byte in expected {
            guard peek() == byte else {
                position = start
                throw error("invalid literal; expected '\(word)'")
            }
            position += 1
        }
    }

    // MARK: - Numbers

    private mutating func parseNumber() throws(JSONError) -> Value {
        let start = position
        var isInteger = true
        if peek() == UInt8(ascii: "-") { position += 1 }
        guard let first = peek(), isDigit(first) else {
            throw error("expected a digit in a number, found \(describeCurrent())")
        }
        if first == UInt8(ascii: "0") {
            position += 1
            if let next = peek(), isDigit(next) {
                throw error("leading zeros are not allowed in numbers")
            }
        } else {
            skipDigits()
        }
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard let next = peek(), isDigit(next) else {
                throw error("expected a digit after the decimal point, found \(describeCurrent())")
            }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard let next = peek(), isDigit(next) else {
                throw error("expected a digit in the exponent, found \(describeCurrent())")
            }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        // Integers stay integers when they fit; larger ones degrade to floats rather than fail.
        if isInteger, let int = Int(text) { return .int(int) }
        guard let double = Double(text) else {
            position = start
            throw error("number '\(text)' is out of range")
        }
        return .double(double)
    }

    private mutating func skipDigits() {
        while let byte = peek(), isDigit(byte) { position += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}

extension JSONParser {
    // MARK: - Strings

    fileprivate mutating func parseString() throws(JSONError) -> String {
        position += 1  // opening quote
        var scalars = String.UnicodeScalarView()
        var runStart = position
        while true {
            guard let byte = peek() else {
                throw error("unterminated string")
            }
            switch byte {
            case UInt8(ascii: "\""):
                try appendRun(from: runStart, to: position, into: &scalars)
                position += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                try appendRun(from: runStart, to: position, into: &scalars)
                scalars.append(try parseEscape())
                runStart = position
            case 0x00..<0x20:
                throw error("raw control character \(describe(byte)) in a string; escape it")
            default:
                position += 1
            }
        }
    }

    /// Copies a run of unescaped bytes, validating it as UTF-8.
    private func appendRun(
        from start: Int, to end: Int, into scalars: inout String.UnicodeScalarView
    ) throws(JSONError) {
        guard start < end else { return }
        var iterator = bytes[start..<end].makeIterator()
        var decoder = UTF8()
        var offset = start
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                scalars.append(scalar)
                offset += UTF8.width(scalar)
            case .emptyInput:
                return
            case .error:
                throw JSONError.at(offset, in: bytes, "invalid UTF-8 in a string")
            }
        }
    }

    private mutating func parseEscape() throws(JSONError) -> Unicode.Scalar {
        position += 1  // backslash
        guard let byte = peek() else { throw error("unterminated escape sequence") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"): return try parseUnicodeEscape()
        default:
            position -= 2
            throw error("invalid escape '\\\(describeRaw(byte))' in a string")
        }
    }

    private mutating func parseUnicodeEscape() throws(JSONError) -> Unicode.Scalar {
        let escapeStart = position - 2
        let unit = try parseHex4()
        if (0xDC00...0xDFFF).contains(unit) {
            position = escapeStart
            throw error("lone low surrogate \\u\(hex(unit)) in a string")
        }
        if (0xD800...0xDBFF).contains(unit) {
            guard peek() == UInt8(ascii: "\\"), peek(at: position + 1) == UInt8(ascii: "u") else {
                position = escapeStart
                throw error("high surrogate \\u\(hex(unit)) is not followed by a low surrogate")
            }
            position += 2
            let low = try parseHex4()
            guard (0xDC00...0xDFFF).contains(low) else {
                position = escapeStart
                throw error("high surrogate \\u\(hex(unit)) is not followed by a low surrogate")
            }
            let combined = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            if let scalar = Unicode.Scalar(combined) { return scalar }
        }
        guard let scalar = Unicode.Scalar(unit) else {
            position = escapeStart
            throw error("invalid \\u escape")
        }
        return scalar
    }

    private mutating func parseHex4() throws(JSONError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek() else { throw error("incomplete \\u escape") }
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit \(describe(byte)) in a \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private func hex(_ unit: UInt32) -> String {
        let digits = String(unit, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    // MARK: - Cursor and errors

    fileprivate func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }
    fileprivate func peek(at index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }

    fileprivate mutating func skipWhitespace() {
        while let byte = peek(),
            byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
        {
            position += 1
        }
    }

    fileprivate func error(_ message: String) -> JSONError {
        JSONError.at(position, in: bytes, message)
    }

    fileprivate func describeCurrent() -> String {
        peek().map(describe) ?? "the end of the input"
    }

    fileprivate func describe(_ byte: UInt8) -> String {
        "'\(describeRaw(byte))'"
    }

    fileprivate func describeRaw(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return String(UnicodeScalar(byte)) }
        return "\\x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }
}

extension JSONError {
    /// Builds an error at a byte offset, working out the line and column people look for.
    static func at(_ offset: Int, in bytes: [UInt8], _ message: String) -> JSONError {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return JSONError(message: message, offset: offset, line: line, column: offset - lineStart + 1)
    }
}
