#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where console text goes: a file descriptor in real runs, memory in tests.
public protocol OutputSink: AnyObject, Sendable {
    func write(_ text: String)
}

/// Writes to a file descriptor (stdout, stderr), finishing partial writes and retrying `EINTR`
/// so a line is never cut in half by a signal.
public final class FileDescriptorSink: OutputSink {
    public let descriptor: Int32

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public static let standardOutput = FileDescriptorSink(descriptor: 1)
    public static let standardError = FileDescriptorSink(descriptor: 2)

    /// Whether the descriptor is a terminal (for colour and the live line).
    public var isTerminal: Bool { isatty(descriptor) == 1 }

    public func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { buffer in
                #if canImport(Glibc)
                    Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                #else
                    Darwin.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                #endif
            }
            if n > 0 {
                offset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return  // a closed pipe must not stop the run; there is nobody left to tell
            }
        }
        bytes.removeAll()
    }
}

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

/// A plain mutex: reporters are called from many host threads, and the package supports
/// platforms older than the standard library's `Mutex`.
final class ReportLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
