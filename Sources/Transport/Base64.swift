/// Standard base64 (RFC 4648, `+/` alphabet), the encoding of key blobs in known_hosts and
/// authorized_keys lines and of SHA256 fingerprints.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private static let decodeTable: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = Int8(index) }
        return table
    }()

    static func encode(_ bytes: [UInt8], padding: Bool = true) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let remaining = bytes.count - index
            let b0 = UInt32(bytes[index])
            let b1 = remaining > 1 ? UInt32(bytes[index + 1]) : 0
            let b2 = remaining > 2 ? UInt32(bytes[index + 2]) : 0
            let triple = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(triple >> 18 & 63)])
            out.append(alphabet[Int(triple >> 12 & 63)])
            if remaining > 1 {
                out.append(alphabet[Int(triple >> 6 & 63)])
            } else if padding {
                out.append(UInt8(ascii: "="))
            }
            if remaining > 2 {
                out.append(alphabet[Int(triple & 63)])
            } else if padding {
                out.append(UInt8(ascii: "="))
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes padded or unpadded base64; nil for any character outside the alphabet or a
    /// length no encoder produces, so a corrupt known_hosts field never matches by accident.
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        if let decoded = text.utf8.withContiguousStorageIfAvailable({ decode(bytes: $0) }) { return decoded }
        return Array(text.utf8).withUnsafeBufferPointer { decode(bytes: $0) }
    }

    static func decode(bytes text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var symbols = [UInt8]()
        symbols.reserveCapacity(text.count)
        var paddingSeen = 0
        for byte in text {
            if byte == UInt8(ascii: "=") {
                paddingSeen += 1
                continue
            }
            if paddingSeen > 0 { return nil }
            let value = decodeTable[Int(byte)]
            if value < 0 { return nil }
            symbols.append(UInt8(value))
        }
        if paddingSeen > 2 || symbols.count % 4 == 1 { return nil }
        var out = [UInt8]()
        out.reserveCapacity(symbols.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for symbol in symbols {
            accumulator = accumulator << 6 | UInt32(symbol)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return out
    }
}
