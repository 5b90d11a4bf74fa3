/// A strict RFC 8259 parser over UTF-8 bytes.
///
/// Strictness is deliberate: no comments, no trailing commas, no single quotes, no NaN, no leading
/// zeros, no raw control characters in strings, no lone surrogates, valid UTF-8 only.
struct JSONParser {
    let bytes: [UInt8]
    private let maximumDepth: Int
    var position = 0
    private var depth = 0
    /// Members of the objects being parsed, innermost last (see `parseObject`).
    private var pendingMembers: [(String, Value)] = []

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
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .dict(ValueDict())
        }
        // Members wait on a stack shared by every object of the document, so each dict is made
        // once at its final size: grown key by key, the facts' 80 keys would sit in room for 128.
        let first = pendingMembers.count
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else {
                throw error("expected a string key in double quotes, found \(describeCurrent())")
            }
            let key = KeyInterning.shared(try parseString())
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else {
                throw error("expected ':' after an object key, found \(describeCurrent())")
            }
            position += 1
            skipWhitespace()
            let value = try parseValue()
            pendingMembers.append((key, value))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                // A repeated key keeps its first position and takes the last value, as Python's json does.
                let dict = ValueDict(pendingMembers[first...])
                pendingMembers.removeSubrange(first...)
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
