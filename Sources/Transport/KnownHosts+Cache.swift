#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension KnownHosts {
    /// Each known_hosts file parsed once per content, shared by every connection of the run.
    ///
    /// Parsing is the costly part of host key checking: a lab or fleet known_hosts of a few
    /// hundred lines took more controller instructions than everything else a no-change run does,
    /// once per connection. Reading the file for every connection to compare its bytes cost
    /// memory instead: at 500 hosts each connection held the 134 KB file in a 256 KB buffer
    /// while it waited for the lock, and the run's peak moved by tens of megabytes with how many
    /// handshakes happened to wait at once. A file whose identity (device, inode, size, change
    /// and modification times) is the one recorded is therefore not read again, as long as that
    /// identity is trustworthy: its change time lay well before the recorded read, so any later
    /// write must have given it another (the "racy" rule of version control systems, for
    /// timestamps coarser than the writes). A file changed shortly before it was read, as by
    /// `accept-new` appending during the run, is read and compared byte for byte each time.
    final class ParseCache: @unchecked Sendable {
        static let shared = ParseCache()

        /// How long before a read a file must have last changed for its identity to stand for its
        /// bytes: more than any file system's timestamp granularity (FAT's is 2 s).
        static let settleSeconds = 3

        private struct Parsed {
            var bytes: [UInt8]
            var knownHosts: KnownHosts
            /// nil when `fstat` failed: the file is then read every time.
            var identity: FileIdentity?
            var settled: Bool
        }

        private let lock = PlainLock()
        private var byPath: [String: Parsed] = [:]
        /// How many times a file was read (not served from its identity).
        private(set) var reads = 0

        /// The parse of `file`, or nil when it cannot be opened or read (OpenSSH then treats it
        /// as empty). `now` is the real-time clock's second, given by tests to stand later.
        func knownHosts(file: String, now: Int? = nil) -> KnownHosts? {
            let fd = open(file, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            // Everything under the lock: every host connects at once at the start of a run, and
            // letting them wait for the one read and parse beats each of them doing it (measured:
            // 50 hosts all missing an unlocked cache cost as much as no cache) and keeps one copy
            // of the file in memory, not one per waiting connection.
            return lock.withLock {
                let now = now ?? FileIdentity.realtimeSeconds()
                let identity = FileIdentity(fd: fd)
                if let cached = byPath[file], cached.settled, identity == cached.identity {
                    return cached.knownHosts
                }
                guard let bytes = FileText.readAll(fd: fd, fromOffset: 0, limit: 64 << 20) else { return nil }
                reads += 1
                let settled = identity?.changed(before: now - Self.settleSeconds) ?? false
                if var cached = byPath[file], FileText.sameBytes(cached.bytes, bytes) {
                    cached.identity = identity
                    cached.settled = settled
                    byPath[file] = cached
                    return cached.knownHosts
                }
                let parsed = KnownHosts.parse(String(decoding: bytes, as: UTF8.self), file: file)
                byPath[file] = Parsed(bytes: bytes, knownHosts: parsed, identity: identity, settled: settled)
                return parsed
            }
        }
    }
}

/// What `fstat` says about a file that changes whenever its content does.
struct FileIdentity: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: Timestamp
    var changed: Timestamp

    struct Timestamp: Equatable, Sendable {
        var seconds: Int
        var nanoseconds: Int
    }

    init?(fd: Int32) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if canImport(Darwin)
            let (mtime, ctime) = (info.st_mtimespec, info.st_ctimespec)
        #else
            let (mtime, ctime) = (info.st_mtim, info.st_ctim)
        #endif
        modified = Timestamp(seconds: Int(mtime.tv_sec), nanoseconds: Int(mtime.tv_nsec))
        changed = Timestamp(seconds: Int(ctime.tv_sec), nanoseconds: Int(ctime.tv_nsec))
    }

    /// Whether both of the file's times lie before `seconds` (of the real-time clock).
    func changed(before seconds: Int) -> Bool {
        changed.seconds < seconds && modified.seconds < seconds
    }

    static func realtimeSeconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int(now.tv_sec)
    }
}
