import Foundation

/// The wall time and peak memory growth of one piece of work, for asserting that hostile input
/// is refused cheaply and for printing the figures.
struct ResourceUse: CustomStringConvertible {
    var seconds: Double
    /// How far the process's peak resident memory rose above its resident memory before the
    /// work (Linux `VmHWM` after resetting it, minus `VmRSS`); nil where that cannot be read.
    var peakGrowthBytes: Int?

    var milliseconds: Double { seconds * 1000 }
    var peakGrowthMegabytes: Double? { peakGrowthBytes.map { Double($0) / 1_048_576 } }

    var description: String {
        let memory = peakGrowthMegabytes.map { String(format: "%.1f MB", $0) } ?? "unmeasured"
        return String(format: "%.1f ms, peak RSS +", milliseconds) + memory
    }
}

/// Measures through `/proc/self/status`. Peak memory is process-wide, so the suites that use
/// this run serialized; tests of other targets running at the same time can only make the
/// figure larger, never smaller, which is why the bounds asserted are generous.
enum ResourceMeter {
    static func measure<T>(_ work: () throws -> T) rethrows -> (result: T, use: ResourceUse) {
        let canReset = resetPeak()
        let residentBefore = statusField("VmRSS")
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try work()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var growth: Int?
        if canReset, let before = residentBefore, let peak = statusField("VmHWM") {
            growth = max(0, peak - before)
        }
        return (result, ResourceUse(seconds: elapsed, peakGrowthBytes: growth))
    }

    /// Writing 5 to `clear_refs` resets `VmHWM` to the current RSS (Linux 4.0 and later).
    private static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Data("5".utf8))
            return true
        } catch {
            return false
        }
    }

    /// A `kB` field of `/proc/self/status`, in bytes.
    static func statusField(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let digits = line.dropFirst(name.count + 1).filter(\.isNumber)
            return Int(digits).map { $0 * 1024 }
        }
        return nil
    }
}
