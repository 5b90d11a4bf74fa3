import Values

/// YAML 1.1 typing of scalars exactly as PyYAML's resolver and safe constructor do it, since that
/// is what every existing Ansible playbook was written against: `yes`/`on` are booleans, `0644` is
/// the octal number 420, `1:30` is 90, `1e3` is a string (a float needs a dot and a signed exponent).
///
/// Hand-written matchers instead of regular expressions: resolution runs for every plain scalar of
/// every file, and most of them are words that the first byte already rules out.
enum ScalarResolver {
    /// What a scalar means, honouring an explicit tag; quoted and block scalars are strings.
    static func resolve(_ scalar: Scalar, tag: String?) -> Value {
        let text = scalar.text
        switch tag {
        case nil:
            return scalar.style == .plain ? resolvePlain(text) : .string(text)
        case "!":
            // The non-specific tag: PyYAML still resolves a plain scalar carrying it.
            return scalar.style == .plain ? resolvePlain(text) : .string(text)
        case "!!int":
            if case .value(let int) = integer(text) { return .int(int) }
            return .string(text)
        case "!!float":
            return explicitFloat(text).map(Value.double) ?? .string(text)
        case "!!bool":
            return explicitBool(text).map(Value.bool) ?? .string(text)
        case "!!null":
            return .null
        default:
            // `!!str` and local tags such as `!vault` or `!unsafe`, whose
            // meaning belongs to later layers: the text, untouched.
            return .string(text)
        }
    }

    /// The implicit type of a plain scalar.
    static func resolvePlain(_ text: String) -> Value {
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"):
            if isNull(text) { return .null }
            if let bool = implicitBool(text) { return .bool(bool) }
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "t"), UInt8(ascii: "T"),
            UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "o"), UInt8(ascii: "O"):
            if let bool = implicitBool(text) { return .bool(bool) }
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            if case .value(let int) = integer(text) { return .int(int) }
            if let double = implicitFloat(text) { return .double(double) }
        default:
            break
        }
        return .string(text)
    }

    static func isNull(_ text: String) -> Bool {
        switch text {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    /// The spellings PyYAML reads as booleans; `y` and `n` are deliberately not among them.
    static func implicitBool(_ text: String) -> Bool? {
        switch text {
        case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": return true
        case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": return false
        default: return nil
        }
    }

    /// `!!bool` accepts any letter case of the implicit spellings.
    static func explicitBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "true", "on": return true
        case "no", "false", "off": return false
        default: return nil
        }
    }

    enum IntegerMatch: Equatable {
        case value(Int)
        /// Matches the grammar but does not fit in 64 bits; kept as its text.
        case overflow
    }

    /// `[-+]?` followed by `0b[01_]+`, `0x[0-9a-fA-F_]+`, `0[0-7_]+` (octal), `0`,
    /// `[1-9][0-9_]*`, or sexagesimal `[1-9][0-9_]*(:[0-5]?[0-9])+`.
    static func integer(_ text: String) -> IntegerMatch? {
        var cursor = ByteCursor(text)
        let negative = cursor.takeSign()
        guard let first = cursor.peek else { return nil }
        let radix: Int
        let digits: ArraySlice<UInt8>
        if first == UInt8(ascii: "0") {
            let second = cursor.peek(offset: 1)
            if second == nil { return .value(0) }
            if second == UInt8(ascii: "b") || second == UInt8(ascii: "x") {
                radix = second == UInt8(ascii: "b") ? 2 : 16
                digits = cursor.rest.dropFirst(2)
            } else {
                radix = 8
                digits = cursor.rest
            }
        } else if ByteCursor.isDigit(first) {
            if cursor.rest.contains(UInt8(ascii: ":")) {
                return sexagesimalInteger(cursor.rest, negative: negative)
            }
            radix = 10
            digits = cursor.rest
        } else {
            return nil
        }
        guard !digits.isEmpty else { return nil }
        return accumulate(digits, radix: radix, negative: negative)
    }

    private static func accumulate(_ digits: ArraySlice<UInt8>, radix: Int, negative: Bool) -> IntegerMatch? {
        var value = 0
        var sawDigit = false
        var overflow = false
        for byte in digits where byte != UInt8(ascii: "_") {
            guard let digit = ByteCursor.digitValue(byte), digit < radix else { return nil }
            sawDigit = true
            let (shifted, o1) = value.multipliedReportingOverflow(by: radix)
            let (sum, o2) = shifted.addingReportingOverflow(negative ? -digit : digit)
            overflow = overflow || o1 || o2
            value = sum
        }
        // `0b_` matches the grammar but has no digits; PyYAML fails on it, a string is kinder.
        guard sawDigit else { return nil }
        return overflow ? .overflow : .value(value)
    }

    /// `190:20:30` = ((190 × 60) + 20) × 60 + 30; every part after the first is 0–59.
    private static func sexagesimalInteger(_ bytes: ArraySlice<UInt8>, negative: Bool) -> IntegerMatch? {
        let parts = bytes.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard parts.count >= 2, let head = parts.first, head.first != UInt8(ascii: "0") else { return nil }
        guard case .value(var total) = accumulate(head, radix: 10, negative: false) else { return nil }
        for part in parts.dropFirst() {
            guard let digit = ByteCursor.sexagesimalDigit(part) else { return nil }
            let (shifted, o1) = total.multipliedReportingOverflow(by: 60)
            let (sum, o2) = shifted.addingReportingOverflow(digit)
            if o1 || o2 { return .overflow }
            total = sum
        }
        return .value(negative ? -total : total)
    }
}
