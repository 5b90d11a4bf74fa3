#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Values

/// `datetime.strptime` and `datetime.strftime` with Python's rules for the directives roles
/// use, and the attributes and methods of the two types.
extension PythonTime {
    private static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    ]
    private static let dayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// A directive's possible matches at the start of `text`, in the order Python's regex tries
    /// them: (characters used, the number read).
    private static func candidates(_ directive: Character, _ text: Substring) -> [(Int, Int)] {
        let digits = text.prefix(6).prefix { $0.isASCII && $0.isNumber }.compactMap(\.wholeNumberValue)
        func number(_ count: Int) -> Int? {
            guard digits.count >= count else { return nil }
            return digits.prefix(count).reduce(0) { $0 * 10 + $1 }
        }
        func ranged(_ widths: [Int], _ range: ClosedRange<Int>) -> [(Int, Int)] {
            widths.compactMap { width in
                guard let n = number(width), range.contains(n) else { return nil }
                return (width, n)
            }
        }
        func named(_ names: [String]) -> [(Int, Int)] {
            let lower = text.prefix(9).lowercased()
            var found: [(Int, Int)] = []
            for (index, name) in names.enumerated() {
                if lower.hasPrefix(name) { found.append((name.count, index)) }
                if lower.hasPrefix(name.prefix(3)) { found.append((3, index)) }
            }
            return found.sorted { $0.0 > $1.0 }
        }
        switch directive {
        case "Y": return ranged([4], 0...9999)
        case "y": return ranged([2], 0...99)
        case "m": return ranged([2, 1], 1...12)
        case "d":
            var found = ranged([2, 1], 1...31)
            if text.first == " ", let next = text.dropFirst().first, let n = next.wholeNumberValue, n > 0 { found.append((2, n)) }
            return found
        case "H": return ranged([2, 1], 0...23)
        case "I": return ranged([2, 1], 1...12)
        case "M": return ranged([2, 1], 0...59)
        case "S": return ranged([2, 1], 0...61)
        case "j": return ranged([3, 2, 1], 1...366)
        case "f":
            return stride(from: digits.count, through: 1, by: -1).compactMap { width in
                number(width).map { (width, $0 * Int(pow(10.0, Double(6 - width)))) }
            }
        case "b", "B", "h": return named(monthNames).map { ($0.0, $0.1 + 1) }
        case "a", "A": return named(dayNames)
        case "p":
            let lower = text.prefix(2).lowercased()
            return lower == "am" ? [(2, 0)] : lower == "pm" ? [(2, 12)] : []
        default: return []
        }
    }

    struct ParseError: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    private enum Piece {
        case literal(Character)
        case spaces
        case field(Character)
    }

    /// `datetime.strptime(text, format)`, or the words of Python's ValueError.
    static func parse(_ text: String, format: String) -> Result<DateTime, ParseError> {
        var pieces: [Piece] = []
        var chars = format[...]
        while let c = chars.popFirst() {
            if c == "%" {
                guard let directive = chars.popFirst() else { return .failure(ParseError("stray % in format '\(format)'")) }
                if directive == "%" { pieces.append(.literal("%")); continue }
                guard "YymdHIMSjfbBhaAp".contains(directive) else {
                    return .failure(ParseError("'\(directive)' is a bad directive in format '%\(directive)'"))
                }
                pieces.append(.field(directive))
            } else if c.isWhitespace {
                if case .spaces? = pieces.last { continue }
                pieces.append(.spaces)
            } else {
                pieces.append(.literal(c))
            }
        }
        var fields: [Character: Int] = [:]
        var budget = 10_000
        func match(_ index: Int, _ rest: Substring) -> Substring? {
            budget -= 1
            guard budget > 0 else { return nil }
            guard index < pieces.count else { return rest }
            switch pieces[index] {
            case .literal(let c):
                guard let first = rest.first, first.lowercased() == c.lowercased() else { return nil }
                return match(index + 1, rest.dropFirst())
            case .spaces:
                let run = rest.prefix { $0.isWhitespace }.count
                guard run > 0 else { return nil }
                for used in stride(from: run, through: 1, by: -1) {
                    if let end = match(index + 1, rest.dropFirst(used)) { return end }
                }
                return nil
            case .field(let directive):
                for (used, number) in candidates(directive, rest) {
                    fields[directive] = number
                    if let end = match(index + 1, rest.dropFirst(used)) { return end }
                }
                return nil
            }
        }
        guard let remaining = match(0, text[...]) else {
            return .failure(ParseError("time data \(Value.pythonStringRepr(text)) does not match format \(Value.pythonStringRepr(format))"))
        }
        guard remaining.isEmpty else { return .failure(ParseError("unconverted data remains: \(remaining)")) }
        var year = fields["Y"] ?? fields["y"].map { $0 < 69 ? $0 + 2000 : $0 + 1900 } ?? 1900
        if fields["Y"] == nil, fields["y"] == nil { year = 1900 }
        var hour = fields["H"] ?? 0
        if let twelve = fields["I"] { hour = twelve % 12 + (fields["p"] ?? 0) }
        var month = fields["m"] ?? fields["b"] ?? fields["B"] ?? fields["h"] ?? 1
        var day = fields["d"] ?? 1
        if let dayOfYear = fields["j"], fields["m"] == nil, fields["d"] == nil,
            let date = DateTime(microsecondsSinceEpoch: DateTime(year: year, month: 1, day: 1, hour: 0, minute: 0, second: 0, microsecond: 0)
                .microsecondsSinceEpoch + (dayOfYear - 1) * 86_400_000_000)
        {
            (month, day) = (date.month, date.day)
        }
        let daysInMonth = [31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= daysInMonth[month - 1] else { return .failure(ParseError("day is out of range for month")) }
        guard (fields["S"] ?? 0) <= 59 else { return .failure(ParseError("second must be in 0..59")) }
        return .success(DateTime(
            year: year, month: month, day: day, hour: hour, minute: fields["M"] ?? 0, second: fields["S"] ?? 0,
            microsecond: fields["f"] ?? 0))
    }

    /// `datetime.strftime`: Python fills in `%f`, `%z` and `%Z` (empty for a naive time) and
    /// hands the rest to C's strftime.
    static func format(_ time: DateTime, _ format: String, at offset: Int) throws(TemplateFailure) -> String {
        var prepared = ""
        var chars = format[...]
        while let c = chars.popFirst() {
            guard c == "%", let next = chars.first else { prepared.append(c); continue }
            chars.removeFirst()
            switch next {
            case "f": prepared += padded(time.microsecond, 6)
            case "z", "Z": break
            default: prepared += "%\(next)"
            }
        }
        var parts = time.cParts
        var buffer = [CChar](repeating: 0, count: 1024)
        let count = strftime(&buffer, buffer.count, prepared, &parts)
        guard count > 0 || prepared.isEmpty else {
            throw TemplateFailure(.filterError, "the formatted time is empty or longer than 1 KiB", at: offset)
        }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: - Attributes and methods

    func attribute(_ name: String) -> Value? {
        switch (self, name) {
        case (.dateTime(let t), "year"): return .int(t.year)
        case (.dateTime(let t), "month"): return .int(t.month)
        case (.dateTime(let t), "day"): return .int(t.day)
        case (.dateTime(let t), "hour"): return .int(t.hour)
        case (.dateTime(let t), "minute"): return .int(t.minute)
        case (.dateTime(let t), "second"): return .int(t.second)
        case (.dateTime(let t), "microsecond"): return .int(t.microsecond)
        case (.delta(let d), "days"): return .int(d.days)
        case (.delta(let d), "seconds"): return .int(d.seconds)
        case (.delta(let d), "microseconds"): return .int(d.microseconds)
        default: return nil
        }
    }

    func call(_ name: String, positional: [Value], keywords: ValueDict, at offset: Int) throws(TemplateFailure) -> Value {
        switch (self, name) {
        case (.dateTime(let t), "strftime"):
            guard case .string(let format)? = keywords["format"] ?? positional.first else {
                throw .type("strftime() argument 1 must be str", at: offset)
            }
            return .string(try Self.format(t, format, at: offset))
        case (.dateTime(let t), "isoformat"):
            return .string(t.isoFormat(separator: (keywords["sep"] ?? positional.first)?.pythonString ?? "T"))
        case (.dateTime(let t), "timestamp"): return .double(t.timestamp)
        case (.dateTime(let t), "weekday"): return .int(t.weekday)
        case (.dateTime(let t), "isoweekday"): return .int(t.weekday + 1)
        case (.dateTime(let t), "date"):
            return .string("\(Self.padded(t.year, 4))-\(Self.two(t.month))-\(Self.two(t.day))")
        case (.delta(let d), "total_seconds"): return .double(Double(d.totalMicroseconds) / 1_000_000)
        default:
            throw .type("'\(typeName)' object has no attribute '\(name)'", at: offset)
        }
    }
}
