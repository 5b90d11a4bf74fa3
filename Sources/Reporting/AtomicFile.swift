#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a report could not be written, naming the file and the system call that failed.
public struct ReportWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var code: Int32

    public init(path: String, operation: String, code: Int32) {
        self.path = path
        self.operation = operation
        self.code = code
    }

    public var description: String {
        "cannot write report '\(path)': \(operation): \(String(cString: strerror(code)))"
    }
}

/// Replaces a file so that readers only ever see the old or the new content: write a temporary
/// file beside it, flush it to disk, rename it over the target, flush the directory.
enum AtomicFile {
    static func write(_ text: String, to path: String) throws(ReportWriteError) {
        let directory = Self.directory(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = "\(directory)/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ReportWriteError(path: path, operation: "open", code: errno) }
        do throws(ReportWriteError) {
            try writeAll(Array(text.utf8), to: fd, path: path)
            guard fsync(fd) == 0 else { throw ReportWriteError(path: path, operation: "fsync", code: errno) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        // Closed exactly once, whatever happens: closing a descriptor number twice could close
        // one another thread has just opened.
        guard close(fd) == 0 else {
            let code = errno
            unlink(temporary)
            throw ReportWriteError(path: path, operation: "close", code: code)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw ReportWriteError(path: path, operation: "rename", code: code)
        }
        syncDirectory(directory)
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(ReportWriteError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                #if canImport(Glibc)
                    Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                #else
                    Darwin.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                #endif
            }
            if n > 0 {
                offset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                throw ReportWriteError(path: path, operation: "write", code: n < 0 ? errno : EIO)
            }
        }
    }

    /// The rename is only durable once the directory entry is on disk too.
    private static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }
}
