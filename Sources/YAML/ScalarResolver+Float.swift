/// The float half of YAML 1.1 resolution. PyYAML's grammar, with `_` allowed between digits:
///
///     [-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)?       1.5  1.  1_000.5  6.8523015e+5
///     \.[0-9][0-9_]*([eE][-+][0-9]+)?                   .5 (no sign allowed)
///     [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*         190:20:30.15 (sexagesimal)
///     [-+]?\.(inf|Inf|INF)    \.(nan|NaN|NAN)
extension ScalarResolver {
    static func implicitFloat(_ text: String) -> Double? {
        var cursor = ByteCursor(text)
        let signed = cursor.peek == UInt8(ascii: "-") || cursor.peek == UInt8(ascii: "+")
        let negative = cursor.takeSign()
        if cursor.take(UInt8(ascii: ".")) {
            switch String(decoding: cursor.rest, as: UTF8.self) {
            case "inf", "Inf", "INF": return negative ? -.infinity : .infinity
            case "nan", "NaN", "NAN": return signed ? nil : .nan
            default: break
            }
            guard !signed, let digit = cursor.peek, ByteCursor.isDigit(digit) else { return nil }
            cursor.skip(while: ByteCursor.isDigitOrUnderscore)
            guard takeExponent(&cursor), cursor.atEnd else { return nil }
            return decimal(text)
        }
        guard let digit = cursor.peek, ByteCursor.isDigit(digit) else { return nil }
        cursor.skip(while: ByteCursor.isDigitOrUnderscore)
        if cursor.peek == UInt8(ascii: ":") {
            while cursor.take(UInt8(ascii: ":")) {
                let start = cursor.index
                cursor.skip(while: ByteCursor.isDigit)
                guard ByteCursor.sexagesimalDigit(cursor.bytes[start..<cursor.index]) != nil else { return nil }
            }
            guard cursor.take(UInt8(ascii: ".")) else { return nil }
            cursor.skip(while: ByteCursor.isDigitOrUnderscore)
            guard cursor.atEnd else { return nil }
            return sexagesimal(text)
        }
        guard cursor.take(UInt8(ascii: ".")) else { return nil }
        cursor.skip(while: ByteCursor.isDigitOrUnderscore)
        guard takeExponent(&cursor), cursor.atEnd else { return nil }
        return decimal(text)
    }

    /// `!!float` takes anything Python's `float()` takes, plus the YAML spellings.
    static func explicitFloat(_ text: String) -> Double? {
        let cleaned = removingUnderscores(text).lowercased()
        var unsigned = Substring(cleaned)
        let negative = unsigned.first == "-"
        if unsigned.first == "-" || unsigned.first == "+" { unsigned = unsigned.dropFirst() }
        if unsigned == ".inf" { return negative ? -.infinity : .infinity }
        if unsigned == ".nan" { return .nan }
        if unsigned.contains(":") { return sexagesimal(text) }
        // Swift also reads hexadecimal floats; Python's float() does not.
        guard !unsigned.isEmpty, !unsigned.contains("x"), let value = Double(normalizedMantissa(unsigned))
        else { return nil }
        return negative ? -value : value
    }

    /// `e` or `E`, a mandatory sign, then digits; absent altogether is fine.
    private static func takeExponent(_ cursor: inout ByteCursor) -> Bool {
        guard cursor.take(UInt8(ascii: "e")) || cursor.take(UInt8(ascii: "E")) else { return true }
        guard cursor.take(UInt8(ascii: "+")) || cursor.take(UInt8(ascii: "-")) else { return false }
        return cursor.skip(while: ByteCursor.isDigit) > 0
    }

    private static func decimal(_ text: String) -> Double? {
        Double(normalizedMantissa(Substring(removingUnderscores(text))))
    }

    /// `1.` and `1.e+5` are floats in YAML; spell them `1.0` and `1.0e+5` for the number parser.
    private static func normalizedMantissa(_ text: Substring) -> String {
        var result = ""
        var previousWasDot = false
        for character in text {
            if previousWasDot, character == "e" || character == "E" { result.append("0") }
            result.append(character)
            previousWasDot = character == "."
        }
        if previousWasDot { result.append("0") }
        return result
    }

    private static func removingUnderscores(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "_" })
    }

    /// Sexagesimal floats: every `:`-separated part is a number, the last may have a fraction.
    private static func sexagesimal(_ text: String) -> Double? {
        var body = Substring(removingUnderscores(text))
        let negative = body.first == "-"
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        var total = 0.0
        for part in body.split(separator: ":", omittingEmptySubsequences: false) {
            guard let value = Double(normalizedMantissa(part)) else { return nil }
            total = total * 60 + value
        }
        return negative ? -total : total
    }
}
