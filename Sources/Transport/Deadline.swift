#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A point on the monotonic clock by which a wait must end. Every blocking wait in the
/// transport takes one, so a host that stops answering can never hang a run.
struct Deadline: Sendable, Comparable {
    /// Nanoseconds on CLOCK_MONOTONIC; `UInt64.max` for "no deadline".
    let nanoseconds: UInt64

    static var now: UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    static let never = Deadline(nanoseconds: .max)

    static func after(seconds: Double) -> Deadline {
        guard seconds.isFinite, seconds < 1e9 else { return .never }
        return Deadline(nanoseconds: now + UInt64(max(0, seconds) * 1e9))
    }

    var hasPassed: Bool { Self.now >= nanoseconds }

    /// Milliseconds left, clamped to `cap` so callers wake up for periodic work (keepalives).
    func remainingMilliseconds(cap: Int32 = .max) -> Int32 {
        if nanoseconds == .max { return cap }
        let current = Self.now
        guard current < nanoseconds else { return 0 }
        let millis = (nanoseconds - current + 999_999) / 1_000_000
        return Int32(min(UInt64(cap), millis))
    }

    static func < (lhs: Deadline, rhs: Deadline) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// Seconds elapsed since a `now` reading, for logs and timing.
    static func secondsSince(_ start: UInt64) -> Double {
        Double(now &- start) / 1e9
    }
}
