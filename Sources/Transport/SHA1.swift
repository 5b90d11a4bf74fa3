#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SHA-1 (FIPS 180-4), fed in pieces: hashed known_hosts entries need it here, and `copy`
/// compares file checksums with it (Ansible's `checksum`) before sending any byte. One
/// implementation serves both; files are hashed in blocks so large ones are never loaded whole.
///
/// Only ever used to recognise equal content, never to protect a secret.
public struct SHA1: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476, 0xc3d2_e1f0
    )
    /// Bytes of an unfinished 64-byte block.
    private var pending: [UInt8] = []
    private var length: UInt64 = 0

    public init() {}

    public mutating func update(_ bytes: some Collection<UInt8>) {
        // Whole blocks straight from contiguous storage: no copy of a large input.
        if pending.isEmpty,
            let done = bytes.withContiguousStorageIfAvailable({ buffer -> Bool in
                let whole = buffer.count - buffer.count % 64
                var offset = 0
                while offset < whole {
                    compress(UnsafeBufferPointer(rebasing: buffer[offset..<(offset + 64)]))
                    offset += 64
                }
                length &+= UInt64(whole)
                pending.append(contentsOf: buffer[whole...])
                length &+= UInt64(buffer.count - whole)
                return true
            }), done
        {
            return
        }
        length &+= UInt64(bytes.count)
        pending.append(contentsOf: bytes)
        guard pending.count >= 64 else { return }
        let whole = pending.count - pending.count % 64
        pending.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < whole {
                compress(UnsafeBufferPointer(rebasing: buffer[offset..<(offset + 64)]))
                offset += 64
            }
        }
        pending.removeFirst(whole)
    }

    /// The 20-byte digest; the value is spent afterwards.
    public mutating func finish() -> [UInt8] {
        let bitLength = length &* 8
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        tail.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                compress(UnsafeBufferPointer(rebasing: buffer[offset..<(offset + 64)]))
                offset += 64
            }
        }
        pending = []
        let words = [state.0, state.1, state.2, state.3, state.4]
        return words.flatMap { word in
            [UInt8(word >> 24), UInt8(truncatingIfNeeded: word >> 16), UInt8(truncatingIfNeeded: word >> 8),
             UInt8(truncatingIfNeeded: word)]
        }
    }

    public static func digest(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var hash = SHA1()
        hash.update(bytes)
        return hash.finish()
    }

    /// The digest as 40 lowercase hex digits, the form `sha1sum` and Ansible print.
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        hexText(digest(bytes))
    }

    /// The checksum and size of a local file, read in 64 KiB blocks; nil when it cannot be read.
    public static func file(_ path: String) -> (checksum: String, size: Int)? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var hash = SHA1()
        var size = 0
        // 64 KiB: every host may hash at once, and most files sent this way are small.
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            size += count
            hash.update(chunk[0..<count])
        }
        return (hexText(hash.finish()), size)
    }

    static func hexText(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(digest.count * 2)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private mutating func compress(_ block: UnsafeBufferPointer<UInt8>) {
        // The 80-word schedule lives on the stack: one heap allocation per block would dominate
        // the cost of hashing a large file.
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { w in
            for i in 0..<16 {
                let j = i * 4
                w[i] = UInt32(block[j]) << 24 | UInt32(block[j + 1]) << 16 | UInt32(block[j + 2]) << 8 | UInt32(block[j + 3])
            }
            for i in 16..<80 {
                let x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]
                w[i] = x << 1 | x >> 31
            }
            var (a, b, c, d, e) = state
            for i in 0..<80 {
                let f: UInt32
                let k: UInt32
                switch i {
                case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5a82_7999)
                case 20..<40: (f, k) = (b ^ c ^ d, 0x6ed9_eba1)
                case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8f1b_bcdc)
                default: (f, k) = (b ^ c ^ d, 0xca62_c1d6)
                }
                let temp = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[i]
                (e, d, c, b, a) = (d, c, b << 30 | b >> 2, a, temp)
            }
            state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e)
        }
    }
}
