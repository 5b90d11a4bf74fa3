#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Values

/// Python's naive `datetime.datetime` and `datetime.timedelta`, which `now()` and `to_datetime`
/// give and roles compute with: `now().strftime('%Y')`, `(a - b).days`, `.total_seconds()`.
///
/// A `Value` has no case for them, so inside a render they travel as a dict with one key that
/// YAML and JSON text cannot produce by accident (it starts with NUL). Whatever prints them,
/// compares them or hands a render's result back to Ansible converts them first, as Python's
/// `str()` would.
enum PythonTime: Equatable {
    case dateTime(DateTime)
    case delta(Delta)

    struct DateTime: Equatable {
        var year, month, day, hour, minute, second, microsecond: Int
    }

    /// Normalised as Python keeps it: 0 <= seconds < 86400, 0 <= microseconds < 1000000.
    struct Delta: Equatable {
        var days, seconds, microseconds: Int

        init(microseconds total: Int) {
            let (dayLength, second) = (86_400_000_000, 1_000_000)
            var days = total / dayLength
            var rest = total % dayLength
            if rest < 0 { rest += dayLength; days -= 1 }
            self.days = days
            self.seconds = rest / second
            self.microseconds = rest % second
        }

        var totalMicroseconds: Int { (days * 86_400 + seconds) * 1_000_000 + microseconds }
    }

    /// About 20000 years in microseconds: any two datetimes are closer, and sums of two such
    /// spans stay far from Int's limits.
    private static let largestDelta: UInt = 630_000_000_000_000_000

    private static let dateTimeKey = "\u{0}datetime"
    private static let deltaKey = "\u{0}timedelta"

    init?(_ value: Value) {
        guard case .dict(let dict) = value, dict.count == 1, let key = dict.keys.first, key.hasPrefix("\u{0}"),
            case .list(let parts)? = dict[key]
        else { return nil }
        let numbers = parts.compactMap(\.intValue)
        // The key can be typed in a template too; only values a datetime can hold are one.
        switch key {
        case Self.dateTimeKey
        where numbers.count == 7 && (1...9999).contains(numbers[0]) && (1...12).contains(numbers[1])
            && (1...31).contains(numbers[2]) && (0...23).contains(numbers[3]) && (0...59).contains(numbers[4])
            && (0...59).contains(numbers[5]) && (0..<1_000_000).contains(numbers[6]):
            self = .dateTime(DateTime(
                year: numbers[0], month: numbers[1], day: numbers[2], hour: numbers[3], minute: numbers[4],
                second: numbers[5], microsecond: numbers[6]))
        case Self.deltaKey where numbers.count == 1 && numbers[0].magnitude <= Self.largestDelta:
            self = .delta(Delta(microseconds: numbers[0]))
        default: return nil
        }
    }

    var value: Value {
        switch self {
        case .dateTime(let t):
            let parts = [t.year, t.month, t.day, t.hour, t.minute, t.second, t.microsecond].map(Value.int)
            return .dict(ValueDict([(Self.dateTimeKey, .list(parts))]))
        case .delta(let d):
            return .dict(ValueDict([(Self.deltaKey, .list([.int(d.totalMicroseconds)]))]))
        }
    }

    var typeName: String {
        switch self {
        case .dateTime: return "datetime"
        case .delta: return "timedelta"
        }
    }

    // MARK: - Printing

    /// `str()`: `2024-01-15 10:20:30`, `31 days, 0:00:00`.
    var text: String {
        switch self {
        case .dateTime(let t): return t.isoFormat(separator: " ")
        case .delta(let d):
            let clock = "\(d.seconds / 3600):\(Self.two(d.seconds / 60 % 60)):\(Self.two(d.seconds % 60))"
                + (d.microseconds == 0 ? "" : "." + Self.padded(d.microseconds, 6))
            guard d.days != 0 else { return clock }
            return "\(d.days) day\(abs(d.days) == 1 ? "" : "s"), " + clock
        }
    }

    /// `repr()`, as a list of them prints.
    var repr: String {
        switch self {
        case .dateTime(let t):
            var fields = [t.year, t.month, t.day, t.hour, t.minute]
            if t.second != 0 || t.microsecond != 0 { fields.append(t.second) }
            if t.microsecond != 0 { fields.append(t.microsecond) }
            return "datetime.datetime(" + fields.map(String.init).joined(separator: ", ") + ")"
        case .delta(let d):
            var fields: [String] = []
            if d.days != 0 { fields.append("days=\(d.days)") }
            if d.seconds != 0 { fields.append("seconds=\(d.seconds)") }
            if d.microseconds != 0 { fields.append("microseconds=\(d.microseconds)") }
            return "datetime.timedelta(" + (fields.isEmpty ? "0" : fields.joined(separator: ", ")) + ")"
        }
    }

    static func two(_ number: Int) -> String { padded(number, 2) }

    static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number.magnitude)
        return (number < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    // MARK: - Arithmetic

    /// `a - b`, `a + b` and comparisons between times; nil when Python would not define them.
    static func binary(_ op: Expression.BinaryOperator, _ a: PythonTime, _ b: PythonTime) -> PythonTime? {
        switch (op, a, b) {
        case (.subtract, .dateTime(let x), .dateTime(let y)):
            return .delta(Delta(microseconds: x.microsecondsSinceEpoch - y.microsecondsSinceEpoch))
        case (.add, .dateTime(let x), .delta(let d)), (.add, .delta(let d), .dateTime(let x)):
            return DateTime(microsecondsSinceEpoch: x.microsecondsSinceEpoch + d.totalMicroseconds).map(PythonTime.dateTime)
        case (.subtract, .dateTime(let x), .delta(let d)):
            return DateTime(microsecondsSinceEpoch: x.microsecondsSinceEpoch - d.totalMicroseconds).map(PythonTime.dateTime)
        case (.add, .delta(let x), .delta(let y)): return .delta(Delta(microseconds: x.totalMicroseconds + y.totalMicroseconds))
        case (.subtract, .delta(let x), .delta(let y)): return .delta(Delta(microseconds: x.totalMicroseconds - y.totalMicroseconds))
        default: return nil
        }
    }

    /// -1, 0 or 1 between two datetimes or two timedeltas.
    static func order(_ a: PythonTime, _ b: PythonTime) -> Int? {
        let (x, y): (Int, Int)
        switch (a, b) {
        case (.dateTime(let p), .dateTime(let q)): (x, y) = (p.microsecondsSinceEpoch, q.microsecondsSinceEpoch)
        case (.delta(let p), .delta(let q)): (x, y) = (p.totalMicroseconds, q.totalMicroseconds)
        default: return nil
        }
        return x == y ? 0 : (x < y ? -1 : 1)
    }
}

extension PythonTime.DateTime {
    /// Days from 1970-01-01 in the proleptic Gregorian calendar, as Python's ordinals count.
    private static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    var microsecondsSinceEpoch: Int {
        let dayCount = Self.days(year: year, month: month, day: day)
        return ((dayCount * 86_400 + hour * 3600 + minute * 60 + second) * 1_000_000) + microsecond
    }

    init?(microsecondsSinceEpoch total: Int) {
        var dayCount = total / 86_400_000_000
        var rest = total % 86_400_000_000
        if rest < 0 { rest += 86_400_000_000; dayCount -= 1 }
        let z = dayCount + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        guard (1...9999).contains(year) else { return nil }
        self.init(
            year: year, month: month, day: dayOfYear - (153 * shiftedMonth + 2) / 5 + 1, hour: rest / 3_600_000_000,
            minute: rest / 60_000_000 % 60, second: rest / 1_000_000 % 60, microsecond: rest % 1_000_000)
    }

    /// `isoformat()`: microseconds only when there are some.
    func isoFormat(separator: String) -> String {
        let date = "\(PythonTime.padded(year, 4))-\(PythonTime.two(month))-\(PythonTime.two(day))"
        let time = "\(PythonTime.two(hour)):\(PythonTime.two(minute)):\(PythonTime.two(second))"
        return date + separator + time + (microsecond == 0 ? "" : "." + PythonTime.padded(microsecond, 6))
    }

    /// Monday is 0, as `weekday()` counts.
    var weekday: Int {
        let dayCount = Self.days(year: year, month: month, day: day)
        return ((dayCount % 7) + 7 + 3) % 7
    }

    var dayOfYear: Int { Self.days(year: year, month: month, day: day) - Self.days(year: year, month: 1, day: 1) + 1 }

    /// The current time, local or UTC, as `datetime.now()` and `datetime.utcnow()` give it.
    static func now(utc: Bool) -> PythonTime.DateTime {
        var clock = timespec()
        clock_gettime(CLOCK_REALTIME, &clock)
        var seconds = clock.tv_sec
        var parts = tm()
        _ = utc ? gmtime_r(&seconds, &parts) : localtime_r(&seconds, &parts)
        return PythonTime.DateTime(
            year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday), hour: Int(parts.tm_hour),
            minute: Int(parts.tm_min), second: Int(parts.tm_sec), microsecond: Int(clock.tv_nsec) / 1000)
    }

    /// `timestamp()` of a naive datetime: it is read as local time.
    var timestamp: Double {
        var parts = cParts
        parts.tm_isdst = -1
        return Double(mktime(&parts)) + Double(microsecond) / 1_000_000
    }

    var cParts: tm {
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        parts.tm_wday = Int32((weekday + 1) % 7)
        parts.tm_yday = Int32(dayOfYear - 1)
        parts.tm_isdst = -1
        return parts
    }
}
