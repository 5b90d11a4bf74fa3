/// Strings (escapes, surrogate pairs, UTF-8 validation) and the cursor the parser moves.
extension JSONParser {
    // MARK: - Strings

    mutating func parseString() throws(JSONError) -> String {
        position += 1  // opening quote
        // Most strings of a module's result are plain ASCII without escapes: copied whole,
        // where building them scalar by scalar was most of the time spent reading a result.
        var end = position
        while end < bytes.count, bytes[end] >= 0x20, bytes[end] < 0x80, bytes[end] != UInt8(ascii: "\""),
            bytes[end] != UInt8(ascii: "\\")
        {
            end += 1
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            let text = String(decoding: bytes[position..<end], as: UTF8.self)
            position = end + 1
            return text
        }
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

    func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }
    func peek(at index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipWhitespace() {
        while let byte = peek(),
            byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
        {
            position += 1
        }
    }

    func error(_ message: String) -> JSONError {
        JSONError.at(position, in: bytes, message)
    }

    func describeCurrent() -> String {
        peek().map(describe) ?? "the end of the input"
    }

    func describe(_ byte: UInt8) -> String {
        "'\(describeRaw(byte))'"
    }

    func describeRaw(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return String(UnicodeScalar(byte)) }
        return "\\x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }
}
