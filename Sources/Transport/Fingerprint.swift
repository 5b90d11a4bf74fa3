/// Host-key fingerprints as OpenSSH prints them, so a user can compare our message with
/// `ssh-keygen -lf` output character for character.
public enum Fingerprint {
    /// `SHA256:` followed by the unpadded base64 of the SHA-256 of the key blob.
    public static func sha256(_ keyBlob: [UInt8]) -> String {
        "SHA256:" + Base64.encode(Digest.sha256(keyBlob), padding: false)
    }

    /// The key type named inside an SSH public-key blob (its first length-prefixed string),
    /// e.g. `ssh-ed25519`; nil when the blob is malformed.
    public static func keyType(ofBlob blob: [UInt8]) -> String? {
        guard blob.count >= 4 else { return nil }
        let length = Int(blob[0]) << 24 | Int(blob[1]) << 16 | Int(blob[2]) << 8 | Int(blob[3])
        guard length > 0, length <= 64, blob.count >= 4 + length else { return nil }
        let name = blob[4..<(4 + length)]
        guard name.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else { return nil }
        return String(decoding: name, as: UTF8.self)
    }
}
