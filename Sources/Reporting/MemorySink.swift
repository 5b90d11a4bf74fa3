/// Collects everything written, for golden-file tests.
public final class MemorySink: OutputSink {
    private let lock = ReportLock()
    nonisolated(unsafe) private var buffer = ""

    public init() {}

    public func write(_ text: String) {
        lock.withLock { buffer += text }
    }

    public var text: String {
        lock.withLock { buffer }
    }

    public func clear() {
        lock.withLock { buffer = "" }
    }
}
