#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension KnownHosts {
    public enum AppendOutcome: Sendable, Hashable {
        case appended(line: Int)
        /// Another connection recorded the same key first.
        case alreadyPresent
        /// Meanwhile the file got a different key for the host (or revoked this one).
        case conflict(HostKeyCheck)
    }

    public struct AppendError: Error, Sendable, Hashable, CustomStringConvertible {
        public var file: String
        public var reason: String
        public var description: String { "cannot record the host key in \(file): \(reason)" }
    }

    /// Records a newly accepted host key in `file`, exactly once even when hundreds of first
    /// connects race: an exclusive `flock` serialises writers (threads and processes alike), the
    /// file is re-read under the lock, and one line is appended with `O_APPEND` and fsynced.
    /// The file is never rewritten, so existing lines and comments stay byte-identical.
    public static func appendIfAbsent(
        file: String, host: String, port: Int, keyBlob: [UInt8]
    ) throws(AppendError) -> AppendOutcome {
        let name = port == 22 ? host : "[\(host)]:\(port)"
        guard let newLine = line(forName: name, keyBlob: keyBlob) else {
            throw AppendError(file: file, reason: "the server's host key blob is malformed")
        }
        try ensureParentDirectory(of: file)
        let fd = open(file, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw AppendError(file: file, reason: FileText.errorText(errno)) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw AppendError(file: file, reason: "flock: \(FileText.errorText(errno))") }
        }
        defer { flock(fd, LOCK_UN) }
        guard let existing = FileText.readAll(fd: fd, fromOffset: 0, limit: 256 << 20) else {
            throw AppendError(file: file, reason: FileText.errorText(errno))
        }
        let current = KnownHosts.parse(String(decoding: existing, as: UTF8.self), file: file)
        switch current.check(host: host, port: port, keyBlob: keyBlob) {
        case .match: return .alreadyPresent
        case .notFound: break
        case let other: return .conflict(other)
        }
        var text = existing.isEmpty || existing.last == UInt8(ascii: "\n") ? "" : "\n"
        text += newLine + "\n"
        guard FileText.writeAll(fd: fd, Array(text.utf8)) else {
            throw AppendError(file: file, reason: FileText.errorText(errno))
        }
        guard fsync(fd) == 0 else { throw AppendError(file: file, reason: "fsync: \(FileText.errorText(errno))") }
        let lineNumber = existing.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) } + (text.hasPrefix("\n") ? 2 : 1)
        return .appended(line: lineNumber)
    }

    /// Creates `~/.ssh` (0700) when it is missing, as ssh does before writing known_hosts.
    private static func ensureParentDirectory(of file: String) throws(AppendError) {
        guard let slash = file.lastIndex(of: "/"), slash != file.startIndex else { return }
        let directory = String(file[..<slash])
        var info = stat()
        if stat(directory, &info) == 0 { return }
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw AppendError(file: file, reason: "cannot create \(directory): \(FileText.errorText(errno))")
        }
    }
}
