/// What can be learnt about a private key file without its passphrase: its key type, whether
/// it is encrypted, and (for the OpenSSH format and `.pub` companions) its public blob.
struct PrivateKeyFile: Sendable {
    var path: String
    var keyType: String?
    var isEncrypted: Bool
    var publicBlob: [UInt8]?

    var isRSA: Bool { keyType == "ssh-rsa" }

    /// nil when the file cannot be read.
    static func inspect(_ path: String) -> PrivateKeyFile? {
        guard let bytes = FileText.readBytes(path) else { return nil }
        let publicBytes = FileText.readBytes(path + ".pub")
        return InspectionCache.shared.inspection(path: path, bytes: bytes, publicBytes: publicBytes)
    }

    /// The inspection of a key file's contents, done once per run: every host logs in with
    /// the same key, and decoding it again cost each connection more than its host-key check.
    final class InspectionCache: @unchecked Sendable {
        static let shared = InspectionCache()
        /// Keyed by a digest of both files, not their bytes: the private key is not kept.
        private struct Inspected {
            var digest: [UInt8]
            var info: PrivateKeyFile
        }
        private let lock = PlainLock()
        private var byPath: [String: Inspected] = [:]

        func inspection(path: String, bytes: [UInt8], publicBytes: [UInt8]?) -> PrivateKeyFile {
            var digest = SHA1()
            digest.update(bytes)
            if let publicBytes {
                digest.update([1])
                digest.update(publicBytes)
            }
            let key = digest.finish()
            return lock.withLock {
                if let cached = byPath[path], cached.digest == key { return cached.info }
                let info = PrivateKeyFile.inspect(
                    path: path, text: String(decoding: bytes, as: UTF8.self),
                    publicText: publicBytes.map { String(decoding: $0, as: UTF8.self) })
                byPath[path] = Inspected(digest: key, info: info)
                return info
            }
        }
    }

    private static func inspect(path: String, text: String, publicText: String?) -> PrivateKeyFile {
        var info = PrivateKeyFile(path: path, keyType: nil, isEncrypted: false, publicBlob: nil)
        if text.contains("BEGIN OPENSSH PRIVATE KEY") {
            info.readOpenSSHFormat(text)
        } else {
            if text.contains("BEGIN RSA PRIVATE KEY") { info.keyType = "ssh-rsa" }
            if text.contains("BEGIN EC PRIVATE KEY") { info.keyType = "ecdsa" }
            if text.contains("BEGIN DSA PRIVATE KEY") { info.keyType = "ssh-dss" }
            info.isEncrypted = text.contains("Proc-Type: 4,ENCRYPTED") || text.contains("BEGIN ENCRYPTED PRIVATE KEY")
        }
        if let publicText {
            let fields = publicText.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
            if fields.count >= 2, let blob = Base64.decode(fields[1]) {
                info.publicBlob = info.publicBlob ?? blob
                info.keyType = info.keyType ?? Fingerprint.keyType(ofBlob: blob)
            }
        }
        return info
    }

    /// The `openssh-key-v1` container: magic, cipher name, kdf name, kdf options, key count,
    /// then the public key blob in the clear.
    private mutating func readOpenSSHFormat(_ text: String) {
        let body = text.split(separator: "\n")
            .filter { !$0.hasPrefix("-----") }
            .joined()
        guard let bytes = Base64.decode(body) else { return }
        let magic = Array("openssh-key-v1".utf8) + [0]
        guard bytes.starts(with: magic) else { return }
        var reader = WireReader(bytes: bytes, offset: magic.count)
        guard let cipher = reader.string(), reader.string() != nil, reader.string() != nil,
            let count = reader.uint32(), count >= 1, let blob = reader.string()
        else { return }
        isEncrypted = String(decoding: cipher, as: UTF8.self) != "none"
        publicBlob = blob
        keyType = Fingerprint.keyType(ofBlob: blob)
    }
}

/// Reads SSH wire-format fields (uint32 lengths, big-endian) without trapping on short input.
struct WireReader {
    let bytes: [UInt8]
    var offset: Int

    mutating func uint32() -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        let value = bytes[offset..<(offset + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        offset += 4
        return value
    }

    mutating func string() -> [UInt8]? {
        guard let length = uint32(), Int(length) <= bytes.count - offset else { return nil }
        let value = Array(bytes[offset..<(offset + Int(length))])
        offset += Int(length)
        return value
    }
}
