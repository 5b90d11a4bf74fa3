#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import FoundationEssentials
import Values

extension FilterLibrary {
    static let conversionFilters: [String: FilterFunction] = [
        "int": { call throws(TemplateFailure) in
            let fallback = call.argument(0, "default") ?? .int(0)
            let base = try call.int(1, "base", default: 10)
            if let value = toInt(call.input, base: base) { return value }
            // Python's int has no bound; a number past 64 bits must not quietly become the default.
            if isBeyondInt(call.input) {
                throw TemplateFailure(.limit, "int: \(call.input.pythonString) is beyond the 64-bit integers this engine computes with", at: call.offset)
            }
            return fallback
        },
        "float": { call throws(TemplateFailure) in
            toFloat(call.input) ?? call.argument(0, "default") ?? .double(0)
        },
        "string": { call throws(TemplateFailure) in .string(call.input.pythonString) },
        // ansible-core's to_bool passes None through unchanged.
        "bool": { call throws(TemplateFailure) in call.input.isNull ? .null : .bool(toBool(call.input)) },
        "length": { call throws(TemplateFailure) in try length(call) },
        "count": { call throws(TemplateFailure) in try length(call) },
        "abs": { call throws(TemplateFailure) in
            switch PythonSemantics.number(call.input) {
            case .int(let i)?:
                guard i != Int.min else { throw TemplateFailure(.limit, "integer overflow", at: call.offset) }
                return .int(abs(i))
            case .double(let d)?: return .double(abs(d))
            case nil: throw call.typeFailure("a number")
            }
        },
        "round": { call throws(TemplateFailure) in
            guard let number = PythonSemantics.number(call.input) else { throw call.typeFailure("a number") }
            let precision = try call.int(0, "precision", default: 0)
            let method = try call.string(1, "method", default: "common")
            let scale = pow(10.0, Double(precision))
            let scaled = number.asDouble * scale
            let rounded: Double
            switch method {
            case "common":
                // Python's round() of an int stays an int.
                if case .int(let whole) = number {
                    return .int(precision >= 0 ? whole : roundedInteger(whole, digits: -precision))
                }
                rounded = pythonRound(number.asDouble, precision)
            case "ceil": rounded = scaled.rounded(.up) / scale
            case "floor": rounded = scaled.rounded(.down) / scale
            default: throw call.fail("method must be common, ceil or floor")
            }
            return .double(rounded)
        },
        "ternary": { call throws(TemplateFailure) in
            if call.input.isNull, let none = call.argument(2, "none_val"), !none.isNull { return none }
            return call.input.isTruthy ? (call.argument(0, "true_val") ?? .null) : (call.argument(1, "false_val") ?? .null)
        },
        "type_debug": { call throws(TemplateFailure) in .string(PythonTime(call.input)?.typeName ?? call.input.typeName) },
        "b64encode": { call throws(TemplateFailure) in
            let text = call.input.pythonString
            // Windows roles encode PowerShell commands as UTF-16LE (`encoding='utf-16-le'`).
            switch try call.string(0, "encoding", default: "utf-8").lowercased() {
            case "utf-8", "utf8": return .string(Data(text.utf8).base64EncodedString())
            case "utf-16-le", "utf-16le", "utf16le":
                return .string(Data(text.utf16.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8($0 >> 8)] }).base64EncodedString())
            case let other: throw call.fail("unsupported encoding '\(other)'; use utf-8 or utf-16-le")
            }
        },
        "b64decode": { call throws(TemplateFailure) in
            let text = call.input.pythonString.filter { !$0.isWhitespace }
            guard let data = Data(base64Encoded: text) else { throw call.fail("input is not valid base64") }
            let bytes = [UInt8](data)
            switch try call.string(0, "encoding", default: "utf-8").lowercased() {
            case "utf-8", "utf8":
                guard let decoded = String(validating: bytes, as: UTF8.self) else {
                    throw call.fail("input is not base64 of UTF-8 text")
                }
                return .string(decoded)
            case "utf-16-le", "utf-16le", "utf16le":
                guard bytes.count % 2 == 0 else { throw call.fail("input is not base64 of UTF-16LE text") }
                let units = stride(from: 0, to: bytes.count, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }
                guard let decoded = String(validating: units, as: UTF16.self) else {
                    throw call.fail("input is not base64 of UTF-16LE text")
                }
                return .string(decoded)
            case let other: throw call.fail("unsupported encoding '\(other)'; use utf-8 or utf-16-le")
            }
        },
        "pow": { call throws(TemplateFailure) in
            guard let x = PythonSemantics.number(call.input), let y = call.argument(0, "y").flatMap(PythonSemantics.number) else {
                throw call.typeFailure("numbers")
            }
            return .double(pow(x.asDouble, y.asDouble))
        },
        "log": { call throws(TemplateFailure) in
            guard let x = PythonSemantics.number(call.input)?.asDouble, x > 0 else { throw call.fail("math domain error") }
            guard let base = call.argument(0, "base").flatMap(PythonSemantics.number)?.asDouble else { return .double(log(x)) }
            return .double(log(x) / log(base))
        },
        "root": { call throws(TemplateFailure) in
            guard let x = PythonSemantics.number(call.input)?.asDouble else { throw call.typeFailure("a number") }
            let base = call.argument(0, "base").flatMap(PythonSemantics.number)?.asDouble ?? 2
            return .double(base == 2 ? x.squareRoot() : pow(x, 1 / base))
        },
    ]

    private static func length(_ call: FilterCall) throws(TemplateFailure) -> Value {
        switch call.input {
        case .string(let s): return .int(s.count)
        case .list(let l): return .int(l.count)
        case .dict(let d): return .int(d.count)
        default: throw TemplateFailure(.typeError, "object of type '\(call.input.typeName)' has no len()", at: call.offset)
        }
    }

    /// Python's `round(x, n)`: halves go to the even neighbour (`2.5 | round` is 2.0).
    /// Python's `round(n, -digits)` of an int: to a multiple of 10**digits, halves to even.
    static func roundedInteger(_ n: Int, digits: Int) -> Int {
        guard digits < 19 else { return 0 }
        var unit = 1
        for _ in 0..<digits { unit *= 10 }
        var quotient = n / unit
        var remainder = n % unit
        if remainder < 0 { remainder += unit; quotient -= 1 }
        if 2 * remainder > unit || (2 * remainder == unit && quotient % 2 != 0) { quotient += 1 }
        return quotient.multipliedReportingOverflow(by: unit).overflow ? n : quotient * unit
    }

    static func pythonRound(_ x: Double, _ precision: Int) -> Double {
        guard x.isFinite else { return x }
        if precision == 0 { return x.rounded(.toNearestOrEven) }
        // Decide on the decimal text, which is what Python's correctly rounded algorithm does.
        let text = CNumberFormat.format("%.\(max(0, precision))f", x)
        if precision > 0, let value = Double(text) { return value }
        let scale = pow(10.0, Double(-precision))
        return (x / scale).rounded(.toNearestOrEven) * scale
    }

    /// Jinja2's `int`: strings parse in `base` (with `0x`/`0o`/`0b` prefixes and `_`), then as
    /// floats truncated; anything else that fails gives the default.
    static func toInt(_ value: Value, base: Int) -> Value? {
        switch value {
        case .int: return value
        case .bool(let b): return .int(b ? 1 : 0)
        case .double(let d):
            guard d.isFinite, abs(d) < 9.2e18 else { return nil }
            return .int(Int(d.rounded(.towardZero)))
        case .string(let raw):
            var s = PythonStrings.trimmed(raw).replacing("_", with: "")
            var negative = false
            if s.hasPrefix("-") || s.hasPrefix("+") {
                negative = s.hasPrefix("-")
                s.removeFirst()
            }
            var radix = base
            let lower = s.lowercased()
            for (prefix, prefixRadix) in [("0x", 16), ("0o", 8), ("0b", 2)] where lower.hasPrefix(prefix) && (base == prefixRadix || base == 0) {
                s.removeFirst(2)
                radix = prefixRadix
            }
            if radix == 0 { radix = 10 }
            if (2...36).contains(radix), !s.isEmpty, let i = Int(s, radix: radix) { return .int(negative ? -i : i) }
            if base == 10, let d = pythonFloat(PythonStrings.trimmed(raw)), d.isFinite, abs(d) < 9.2e18 {
                return .int(Int(d.rounded(.towardZero)))
            }
            return nil
        default:
            return nil
        }
    }

    /// A finite number (or decimal text for one) that `int` cannot hold in 64 bits.
    static func isBeyondInt(_ value: Value) -> Bool {
        switch value {
        case .double(let d): return d.isFinite && abs(d) >= 9.2e18
        case .string(let raw):
            var text = Substring(PythonStrings.trimmed(raw).replacing("_", with: ""))
            if text.hasPrefix("-") || text.hasPrefix("+") { text = text.dropFirst() }
            if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) { return true }
            guard let d = pythonFloat(PythonStrings.trimmed(raw)) else { return false }
            return d.isFinite && abs(d) >= 9.2e18
        default: return false
        }
    }

    /// Python's float() of decimal text; Swift's Double(_:) also reads hexadecimal ("0x10"),
    /// which Python refuses.
    static func pythonFloat(_ text: String) -> Double? {
        guard text.allSatisfy({ "0123456789.eE+-".contains($0) }) else { return nil }
        return Double(text)
    }

    static func toFloat(_ value: Value) -> Value? {
        switch value {
        case .double: return value
        case .int(let i): return .double(Double(i))
        case .bool(let b): return .double(b ? 1 : 0)
        case .string(let raw):
            let s = PythonStrings.trimmed(raw).replacing("_", with: "")
            switch s.lowercased() {
            case "inf", "+inf", "infinity", "+infinity": return .double(.infinity)
            case "-inf", "-infinity": return .double(-.infinity)
            case "nan", "+nan", "-nan": return .double(.nan)
            default: return pythonFloat(s).map(Value.double)
            }
        default:
            return nil
        }
    }

    /// Ansible's `bool`: only `yes`, `on`, `1`, `true` (any case) and the number 1 are true.
    static func toBool(_ value: Value) -> Bool {
        switch value {
        case .bool(let b): return b
        case .null: return false
        case .string(let s): return ["yes", "on", "1", "true"].contains(s.lowercased())
        default:
            if let n = PythonSemantics.number(value) { return n.asDouble == 1 }
            return false
        }
    }
}
