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
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var position = offset
        while bytes.count < limit {
            let count = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(position)) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
            position += count
        }
        return bytes
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
