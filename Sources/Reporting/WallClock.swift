#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Seconds since the epoch, and the timestamp spellings reports use.
public enum WallClock {
    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1_000_000_000
    }

    /// `2024-05-01T12:34:56.123456Z`, as Python's `utcnow().isoformat() + "Z"` writes it (no
    /// fraction when it is exactly zero), which the JSON report uses.
    public static func isoMicroseconds(_ time: Double) -> String {
        let (seconds, micros) = split(time)
        let base = iso(seconds)
        return micros == 0 ? "\(base)Z" : "\(base).\(padded(micros, 6))Z"
    }

    /// `2024-05-01T12:34:56` in UTC: the JUnit `timestamp`, which JUnit schemas want without a zone.
    public static func isoSeconds(_ time: Double) -> String {
        iso(split(time).seconds)
    }

    private static func split(_ time: Double) -> (seconds: Int, micros: Int) {
        guard time.isFinite, time > 0 else { return (0, 0) }
        let total = Int((time * 1_000_000).rounded())
        return (total / 1_000_000, total % 1_000_000)
    }

    private static func iso(_ seconds: Int) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        return "\(padded(Int(parts.tm_year) + 1900, 4))-\(padded(Int(parts.tm_mon) + 1, 2))-"
            + "\(padded(Int(parts.tm_mday), 2))T\(padded(Int(parts.tm_hour), 2)):"
            + "\(padded(Int(parts.tm_min), 2)):\(padded(Int(parts.tm_sec), 2))"
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
