#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading whole small text files (known_hosts, ssh_config, key headers) with plain syscalls.
enum FileText {
    /// The file's bytes, or nil when it cannot be opened or read.
    static func readBytes(_ path: String, limit: Int = 64 << 20) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readAll(fd: fd, fromOffset: 0, limit: limit)
    }

    static func read(_ path: String) -> String? {
        readBytes(path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Reads from `offset` to the end with `pread`, leaving the descriptor's position alone.
    static func readAll(fd: Int32, fromOffset offset: Int, limit: Int) -> [UInt8]? {
        // A regular file is read into one buffer of its size (and a byte to see the end
        // without growing it): reading in 64 KiB chunks appended to a growing array held twice
        // to four times a larger file's size at once, for every host reading known_hosts.
        var info = stat()
        let expected = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) - offset : 0
        var failed = false
        var reachedEnd = false
        var bytes = [UInt8](unsafeUninitializedCapacity: min(max(expected, 0), limit) + 1) { buffer, initialized in
            // Straight into uninitialised space: zeroing the buffer for every small file cost
            // more than reading it, with every host reading its key files.
            while initialized < buffer.count {
                let count = pread(fd, buffer.baseAddress! + initialized, buffer.count - initialized, off_t(offset + initialized))
                if count < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    return
                }
                if count == 0 {
                    reachedEnd = true
                    return
                }
                initialized += count
            }
        }
        // Not regular, or it grew since fstat: the rest in chunks.
        while !failed && !reachedEnd && bytes.count < limit {
            var count = 0
            let chunk = [UInt8](unsafeUninitializedCapacity: 65536) { buffer, initialized in
                count = pread(fd, buffer.baseAddress, buffer.count, off_t(offset + bytes.count))
                initialized = max(count, 0)
            }
            if count < 0 {
                if errno == EINTR { continue }
                failed = true
            } else if count == 0 {
                reachedEnd = true
            } else {
                bytes += chunk
            }
        }
        return failed ? nil : bytes
    }

    /// Whether two byte arrays are equal, compared with `memcmp` (`==` on arrays compares
    /// element by element, ten times slower on a file of a few hundred lines).
    static func sameBytes(_ first: [UInt8], _ second: [UInt8]) -> Bool {
        guard first.count == second.count else { return false }
        return first.withUnsafeBufferPointer { a in
            second.withUnsafeBufferPointer { b in
                guard let left = a.baseAddress, let right = b.baseAddress else { return true }
                return memcmp(left, right, a.count) == 0
            }
        }
    }

    /// Writes all of `bytes`, retrying short writes and EINTR.
    static func writeAll(fd: Int32, _ bytes: [UInt8]) -> Bool {
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            written += count
        }
        return true
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
