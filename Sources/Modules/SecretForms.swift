import FoundationEssentials

/// The shapes a secret takes inside a rendered module program, where masking its plain text
/// would miss it: single-quoted for the shell (`'` becomes `'\''`), and base64-encoded, as file
/// contents travel, at each of the three byte offsets it can start at within the encoded data.
enum SecretForms {
    /// Whether any of `secrets` appears in `text` in any of its forms.
    static func appear(_ secrets: [String], in text: some StringProtocol) -> Bool {
        secrets.contains { secret in forms(of: secret).contains { text.contains($0) } }
    }

    static func forms(of secret: String) -> [String] {
        guard !secret.isEmpty else { return [] }
        var forms = [secret]
        if secret.contains("'") { forms.append(secret.replacing("'", with: "'\\''")) }
        forms += (0..<3).compactMap { base64Core(of: Array(secret.utf8), atOffset: $0) }
        return forms
    }

    /// The base64 characters that depend on the secret's bytes alone when it starts `offset`
    /// bytes into a 3-byte group: the group it shares with earlier bytes, and a last group it
    /// shares with later ones (or padding), are left out. Nil when too little is left to tell
    /// the secret apart from chance.
    static func base64Core(of bytes: [UInt8], atOffset offset: Int) -> String? {
        let encoded = Data([UInt8](repeating: 0, count: offset) + bytes).base64EncodedString()
        let head = offset == 0 ? 0 : 4
        let tail = (offset + bytes.count) % 3 == 0 ? 0 : 4
        guard encoded.count - head - tail >= 4 else { return nil }
        return String(encoded.dropFirst(head).dropLast(tail))
    }
}
