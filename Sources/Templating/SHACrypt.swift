/// crypt(3)'s SHA-crypt (`$5$` SHA-256, `$6$` SHA-512) as specified by Ulrich Drepper, which
/// `password_hash` produces for `/etc/shadow` and the user module.
enum SHACrypt {
    static let defaultRounds = 5000
    static let roundsRange = 1000...999_999_999
    private static let alphabet = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// The spec's order of digest bytes in the encoded hash, three at a time (last group short).
    private static let sha512Order: [[Int]] = (0..<21).map { i in
        let a = (i * 22) % 63
        return [a, (a + 21) % 63, (a + 42) % 63]
    } + [[63]]
    private static let sha256Order: [[Int]] = (0..<10).map { i in
        let a = (i * 21) % 30
        return [a, (a + 10) % 30, (a + 20) % 30]
    } + [[31, 30]]

    /// `$6$[rounds=N$]salt$hash`. The salt is cut to 16 characters, rounds clamped to the
    /// spec's range; the rounds appear in the result only when not the default.
    static func hash(password: [UInt8], salt: String, rounds: Int?, sha512: Bool) -> String {
        let algorithm: Digest.Algorithm = sha512 ? .sha512 : .sha256
        let size = sha512 ? 64 : 32
        let saltBytes = Array(salt.utf8.prefix(16))
        let roundCount = min(max(rounds ?? defaultRounds, roundsRange.lowerBound), roundsRange.upperBound)
        let h = { (bytes: [UInt8]) in Digest.hash(algorithm, bytes) }

        let b = h(password + saltBytes + password)
        var a = password + saltBytes
        a += repeated(b, toLength: password.count)
        var length = password.count
        while length > 0 {
            a += length & 1 == 1 ? b : password
            length >>= 1
        }
        var digest = h(a)

        var pRepeat: [UInt8] = []
        for _ in 0..<password.count { pRepeat += password }
        let p = repeated(h(pRepeat), toLength: password.count)
        var sRepeat: [UInt8] = []
        for _ in 0..<(16 + Int(digest[0])) { sRepeat += saltBytes }
        let s = repeated(h(sRepeat), toLength: saltBytes.count)

        for round in 0..<roundCount {
            var c: [UInt8] = []
            c.reserveCapacity(2 * size + 2 * p.count + s.count)
            c += round & 1 == 1 ? p : digest
            if round % 3 != 0 { c += s }
            if round % 7 != 0 { c += p }
            c += round & 1 == 1 ? digest : p
            digest = h(c)
        }

        var out = sha512 ? "$6$" : "$5$"
        if rounds != nil, roundCount != defaultRounds || rounds != defaultRounds { out += "rounds=\(roundCount)$" }
        out += String(decoding: saltBytes, as: UTF8.self) + "$"
        var encoded: [UInt8] = []
        for group in sha512 ? sha512Order : sha256Order {
            var word = 0
            for index in group { word = word << 8 | Int(digest[index]) }
            for _ in 0..<(group.count + 1) {
                encoded.append(alphabet[word & 0x3f])
                word >>= 6
            }
        }
        return out + String(decoding: encoded, as: UTF8.self)
    }

    private static func repeated(_ block: [UInt8], toLength length: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(length)
        while out.count < length { out += block.prefix(length - out.count) }
        return out
    }
}
