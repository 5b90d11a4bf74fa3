#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Values

/// Python's two string formatting languages, as templates use them:
/// `"%s:%d" % (host, port)` / `| format(...)`, and `"{}:{}".format(host, port)`.
enum PythonFormat {
    // MARK: - printf style

    static func percent(_ format: String, _ argument: Value, at offset: Int) throws(TemplateFailure) -> String {
        let specs = try parsePercent(format, at: offset)
        let conversions = specs.filter { $0.conversion != "%" }
        var arguments: [Value]
        var mapping: ValueDict?
        if conversions.contains(where: { $0.key != nil }) {
            guard case .dict(let dict) = argument else {
                throw .type("format requires a mapping", at: offset)
            }
            mapping = dict
            arguments = []
        } else if case .list(let items) = argument, conversions.reduce(0, { $0 + $1.argumentCount }) != 1 {
            // A tuple on the right of `%` spreads; we keep tuples as lists.
            arguments = items
        } else {
            arguments = [argument]
        }
        return try render(specs, arguments: &arguments, mapping: mapping, at: offset)
    }

    static func percent(_ format: String, arguments: [Value], keywords: ValueDict, at offset: Int) throws(TemplateFailure) -> String {
        var remaining = arguments
        let specs = try parsePercent(format, at: offset)
        return try render(specs, arguments: &remaining, mapping: keywords.isEmpty ? nil : keywords, at: offset)
    }

    private struct PercentSpec {
        var literal: String
        var key: String?
        var flags: String = ""
        var width: Int?
        var precision: Int?
        /// `%*d` / `%.*f`: the width or precision is the next argument.
        var widthFromArgument = false
        var precisionFromArgument = false
        var conversion: Character = "%"

        var argumentCount: Int {
            conversion == "%" ? 0 : 1 + (widthFromArgument ? 1 : 0) + (precisionFromArgument ? 1 : 0)
        }
    }

    /// Splits a format into literal runs, each followed by one conversion (or none at the end).
    private static func parsePercent(_ format: String, at offset: Int) throws(TemplateFailure) -> [PercentSpec] {
        var specs: [PercentSpec] = []
        var literal = ""
        var chars = Array(format)[...]
        while let c = chars.popFirst() {
            guard c == "%" else {
                literal.append(c)
                continue
            }
            var spec = PercentSpec(literal: literal)
            literal = ""
            if chars.first == "(" {
                chars.removeFirst()
                var key = ""
                while let k = chars.popFirst(), k != ")" { key.append(k) }
                spec.key = key
            }
            while let f = chars.first, "-+ #0".contains(f) {
                spec.flags.append(f)
                chars.removeFirst()
            }
            var width = ""
            if chars.first == "*" {
                chars.removeFirst()
                spec.widthFromArgument = true
            }
            while !spec.widthFromArgument, let d = chars.first, d.isASCII, d.isNumber {
                width.append(d)
                chars.removeFirst()
            }
            spec.width = try BuildBounds.number(width, "width", at: offset)
            if chars.first == ".", chars.dropFirst().first == "*" {
                chars.removeFirst(2)
                spec.precisionFromArgument = true
            } else if chars.first == "." {
                chars.removeFirst()
                var precision = ""
                while let d = chars.first, d.isASCII, d.isNumber {
                    precision.append(d)
                    chars.removeFirst()
                }
                spec.precision = try BuildBounds.number(precision, "precision", at: offset) ?? 0
            }
            guard let conversion = chars.popFirst(), "sdifFeEgGxXocr%a".contains(conversion) else {
                throw .type("unsupported format character in '\(format)'", at: offset)
            }
            spec.conversion = conversion
            specs.append(spec)
        }
        if !literal.isEmpty { specs.append(PercentSpec(literal: literal, conversion: "\0")) }
        return specs
    }

    private static func render(_ specs: [PercentSpec], arguments: inout [Value], mapping: ValueDict?, at offset: Int)
        throws(TemplateFailure) -> String
    {
        var out = ""
        for spec in specs {
            out += spec.literal
            switch spec.conversion {
            case "\0": continue
            case "%":
                out += "%"
                continue
            default: break
            }
            var spec = spec
            if spec.widthFromArgument || spec.precisionFromArgument, spec.key != nil || mapping != nil {
                throw .type("* wants int", at: offset)
            }
            if spec.widthFromArgument {
                let width = try starArgument(&arguments, at: offset)
                if width < 0 { spec.flags.append("-") }
                spec.width = try BuildBounds.width(abs(width), at: offset)
            }
            if spec.precisionFromArgument {
                spec.precision = try BuildBounds.width(max(0, try starArgument(&arguments, at: offset)), at: offset)
            }
            let value: Value
            if let key = spec.key {
                guard let found = mapping?[key] else { throw .type("format key '\(key)' is missing", at: offset) }
                value = found
            } else {
                guard !arguments.isEmpty else { throw .type("not enough arguments for format string", at: offset) }
                value = arguments.removeFirst()
            }
            let text = try convert(value, spec.conversion, precision: spec.precision, alternate: spec.flags.contains("#"),
                                   plusSign: spec.flags.contains("+") ? "+" : spec.flags.contains(" ") ? " " : "", at: offset)
            out += pad(text, width: spec.width ?? 0, left: spec.flags.contains("-"),
                       zero: spec.flags.contains("0") && !"srac".contains(spec.conversion))
        }
        if mapping == nil, !arguments.isEmpty {
            throw .type("not all arguments converted during string formatting", at: offset)
        }
        return out
    }

    /// The argument a `*` stands for: Python takes only an int (or a bool) there.
    private static func starArgument(_ arguments: inout [Value], at offset: Int) throws(TemplateFailure) -> Int {
        guard !arguments.isEmpty else { throw .type("not enough arguments for format string", at: offset) }
        switch arguments.removeFirst() {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: throw .type("* wants int", at: offset)
        }
    }

    /// One conversion shared by both languages: `s r d i f F e E g G x X o c`.
    static func convert(
        _ value: Value, _ conversion: Character, precision: Int?, alternate: Bool, plusSign: String, at offset: Int
    ) throws(TemplateFailure) -> String {
        switch conversion {
        case "s":
            let s = value.pythonString
            return precision.map { String(s.prefix($0)) } ?? s
        case "r", "a":
            return value.pythonRepr
        case "c":
            if case .string(let s) = value, s.count == 1 { return s }
            guard let i = value.intValue, let scalar = Unicode.Scalar(UInt32(clamping: i)) else {
                throw .type("%c requires an int or a single character", at: offset)
            }
            return String(Character(scalar))
        case "d", "i", "x", "X", "o", "b":
            guard let number = PythonSemantics.number(value) else {
                throw .type("a number is required for %\(conversion), not \(value.typeName)", at: offset)
            }
            let integer: Int
            switch number {
            case .int(let i): integer = i
            case .double(let d):
                guard d.isFinite, abs(d) < 9.2e18 else { throw .type("cannot convert float \(d) to integer", at: offset) }
                integer = Int(d.rounded(.towardZero))
            }
            let sign = integer < 0 ? "-" : plusSign
            let magnitude = integer.magnitude
            var digits: String
            switch conversion {
            case "x": digits = String(magnitude, radix: 16); if alternate { digits = "0x" + digits }
            case "X": digits = String(magnitude, radix: 16, uppercase: true); if alternate { digits = "0X" + digits }
            case "o": digits = String(magnitude, radix: 8); if alternate { digits = "0o" + digits }
            case "b": digits = String(magnitude, radix: 2); if alternate { digits = "0b" + digits }
            default: digits = String(magnitude)
            }
            return sign + digits
        default:
            guard let number = PythonSemantics.number(value) else {
                throw .type("a number is required for %\(conversion), not \(value.typeName)", at: offset)
            }
            let d = number.asDouble
            if !d.isFinite {
                let word = d.isNaN ? "nan" : (d < 0 ? "-inf" : plusSign + "inf")
                return conversion.isUppercase ? word.uppercased() : word
            }
            // Only these reach the C formatter: any other letter would be a printf length
            // modifier or worse (`'{:.2z}'.format(1.0)`), which Python refuses too.
            guard "eEfFgG".contains(conversion) else {
                throw .type("Unknown format code '\(conversion)' for object of type '\(value.typeName)'", at: offset)
            }
            let flags = (alternate ? "#" : "") + plusSign
            return CNumberFormat.format("%\(flags).\(precision ?? 6)\(conversion)", d)
        }
    }

    static func pad(_ text: String, width: Int, left: Bool, zero: Bool) -> String {
        let missing = width - text.count
        guard missing > 0 else { return text }
        if left { return text + String(repeating: " ", count: missing) }
        if zero {
            var body = Substring(text)
            var sign = ""
            if let first = body.first, first == "-" || first == "+" || first == " " {
                sign = String(first)
                body = body.dropFirst()
            }
            return sign + String(repeating: "0", count: missing) + body
        }
        return String(repeating: " ", count: missing) + text
    }
}
