/// Writes a `Value` the way Python's `json.dumps` does, so our output is byte-for-byte what
/// Ansible users see from `to_json`, `to_nice_json` and result dumps.
struct JSONWriter {
    let pretty: Bool
    let sortKeys: Bool
    let indent: Int
    let ensureASCII: Bool
    private(set) var output = ""

    init(pretty: Bool, sortKeys: Bool, indent: Int, ensureASCII: Bool) {
        self.pretty = pretty
        self.sortKeys = sortKeys
        self.indent = indent
        self.ensureASCII = ensureASCII
    }

    mutating func write(_ value: Value, level: Int) {
        switch value {
        case .null: output += "null"
        case .bool(let b): output += b ? "true" : "false"
        case .int(let i): output += String(i)
        case .double(let d): output += Self.number(d)
        case .string(let s): writeString(s)
        case .list(let items): writeList(items, level: level)
        case .dict(let dict): writeDict(dict, level: level)
        }
    }

    /// `json.dumps` spells non-finite floats the JavaScript way.
    static func number(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        return PythonFloatFormat.repr(d)
    }

    private mutating func writeList(_ items: [Value], level: Int) {
        guard !items.isEmpty else {
            output += "[]"
            return
        }
        output += "["
        for (index, item) in items.enumerated() {
            if index > 0 { output += pretty ? "," : ", " }
            newline(level: level + 1)
            write(item, level: level + 1)
        }
        newline(level: level)
        output += "]"
    }

    private mutating func writeDict(_ dict: ValueDict, level: Int) {
        guard !dict.isEmpty else {
            output += "{}"
            return
        }
        output += "{"
        let keys = sortKeys ? dict.keys.sorted(by: Self.pythonOrder) : dict.keys
        for (index, key) in keys.enumerated() {
            if index > 0 { output += pretty ? "," : ", " }
            newline(level: level + 1)
            writeString(key)
            output += ": "
            write(dict[key] ?? .null, level: level + 1)
        }
        newline(level: level)
        output += "}"
    }

    private mutating func newline(level: Int) {
        guard pretty else { return }
        output += "\n"
        output += String(repeating: " ", count: indent * level)
    }

    /// Python orders strings by code point, not by Unicode collation.
    static func pythonOrder(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }

    private mutating func writeString(_ s: String) {
        output += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 || (ensureASCII && scalar.value >= 0x7F) {
                    appendEscaped(scalar.value)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }

    /// `\uXXXX`, as a UTF-16 surrogate pair beyond the Basic Multilingual Plane.
    private mutating func appendEscaped(_ value: UInt32) {
        if value > 0xFFFF {
            let v = value - 0x10000
            appendUnit(0xD800 + (v >> 10))
            appendUnit(0xDC00 + (v & 0x3FF))
        } else {
            appendUnit(value)
        }
    }

    private mutating func appendUnit(_ unit: UInt32) {
        let digits = String(unit, radix: 16)
        output += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
    }
}

/// Python's `float.__repr__`: the shortest digits that round-trip (as Swift also finds them),
/// laid out positionally when the decimal exponent is in [-4, 16) and in scientific notation
/// otherwise. Swift switches to scientific notation at 2^53, so the layout is redone here.
enum PythonFloatFormat {
    static func repr(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        let (negative, digits, pointPosition) = decompose(d)
        let sign = negative ? "-" : ""
        let count = digits.count
        if pointPosition <= -4 || pointPosition > 16 {
            let exponent = pointPosition - 1
            let mantissa =
                count == 1 ? digits : String(digits.prefix(1)) + "." + String(digits.dropFirst())
            let magnitude = String(abs(exponent))
            let padded = magnitude.count < 2 ? "0" + magnitude : magnitude
            return "\(sign)\(mantissa)e\(exponent < 0 ? "-" : "+")\(padded)"
        }
        if pointPosition <= 0 {
            return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
        }
        if pointPosition >= count {
            return sign + digits + String(repeating: "0", count: pointPosition - count) + ".0"
        }
        let split = digits.index(digits.startIndex, offsetBy: pointPosition)
        return sign + digits[..<split] + "." + digits[split...]
    }

    /// The significant digits (no leading or trailing zeros) and where the decimal point goes:
    /// the value is `0.DIGITS × 10^pointPosition`.
    private static func decompose(_ d: Double) -> (negative: Bool, digits: String, pointPosition: Int) {
        var text = d.description
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let integerPart: Substring
        let fractionPart: Substring
        if let dot = text.firstIndex(of: ".") {
            integerPart = text[..<dot]
            fractionPart = text[text.index(after: dot)...]
        } else {
            integerPart = text[...]
            fractionPart = ""
        }
        var digits = String(integerPart) + fractionPart
        var pointPosition = integerPart.count + exponent
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        if digits == "0" { return (negative, "0", 1) }
        return (negative, digits, pointPosition)
    }
}
