#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes to a file descriptor (stdout, stderr), finishing partial writes and retrying `EINTR`
/// and `EAGAIN`, so a line is never cut in half by a signal or a full pipe.
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
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                // A non-blocking descriptor (a terminal shared with a program that set
                // O_NONBLOCK): wait until it drains instead of dropping the rest of the line.
                var request = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                if poll(&request, 1, 5_000) <= 0 { return }
            } else {
                return  // a closed pipe must not stop the run; there is nobody left to tell
            }
        }
        bytes.removeAll()
    }
}
