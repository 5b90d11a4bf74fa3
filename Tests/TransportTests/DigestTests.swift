import Testing
@testable import Transport

/// Published test vectors: FIPS 180 examples for SHA-1/SHA-256, RFC 2202 for HMAC-SHA1,
/// RFC 4648 for base64.
@Suite struct DigestTests {
    static let sha256Vectors: [(String, String)] = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ]
    static let sha1Vectors: [(String, String)] = [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
    ]

    @Test(arguments: sha256Vectors) func sha256(_ message: String, _ digest: String) {
        #expect(hex(Digest.sha256(Array(message.utf8))) == digest)
    }

    @Test(arguments: sha1Vectors) func sha1(_ message: String, _ digest: String) {
        #expect(hex(Digest.sha1(Array(message.utf8))) == digest)
    }

    @Test func millionAs() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(hex(Digest.sha256(message)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(hex(Digest.sha1(message)) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    /// Fed in pieces of every awkward size (across block and padding boundaries), SHA-1 gives
    /// the same digest as in one piece; `copy` hashes files that way.
    @Test func sha1InPieces() {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let whole = SHA1.hex(message)
        for size in [1, 3, 55, 56, 63, 64, 65, 127, 999] {
            var hash = SHA1()
            var offset = 0
            while offset < message.count {
                hash.update(message[offset..<min(offset + size, message.count)])
                offset += size
            }
            #expect(SHA1.hexText(hash.finish()) == whole, "pieces of \(size)")
        }
        #expect(SHA1.hex(Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    @Test func hmacSHA1() {
        #expect(hex(Digest.hmacSHA1(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8)))
            == "b617318655057264e28bc0b6fb378c8ef146be00")
        #expect(hex(Digest.hmacSHA1(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
            == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
        let longKey = [UInt8](repeating: 0xaa, count: 80)
        #expect(hex(Digest.hmacSHA1(key: longKey, message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
            == "aa4ae5e15272d00e95705637ce8a3b55ed402112")
    }

    @Test func base64() {
        let vectors = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
                       ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
            #expect(Base64.decode(encoded.replacingOccurrences(of: "=", with: "")) == Array(plain.utf8))
        }
        #expect(Base64.decode("Zm9v!") == nil)
        #expect(Base64.decode("Z") == nil)
        #expect(Base64.decode("Zg=a") == nil)
        #expect(Base64.encode([0xfb, 0xff], padding: false) == "+/8")
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
