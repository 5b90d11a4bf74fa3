internal import CLibSSH2

/// `libssh2_init` must run exactly once, before any session exists on any thread. A Swift
/// global is initialised lazily and atomically (swift_once), which gives exactly that.
enum LibSSH2Runtime {
    private static let initialised: Bool = libssh2_init(0) == 0

    static func ensureInitialised() -> Bool { initialised }
}

/// A failed libssh2 call: which call, its return code and libssh2's last error text.
struct SSHCallError: Error, Sendable {
    var call: String
    var code: Int32
    var message: String
    /// For SFTP status errors: the remote file concerned.
    var path: String? = nil

    /// An SFTP status (permission denied, no such file…) about one file; the session is fine.
    var isFileStatus: Bool { code == LIBSSH2_ERROR_SFTP_PROTOCOL && path != nil }

    /// Codes after which the session cannot be trusted any more: the peer or the socket went away.
    var meansConnectionLost: Bool {
        [
            LIBSSH2_ERROR_SOCKET_SEND, LIBSSH2_ERROR_SOCKET_RECV, LIBSSH2_ERROR_SOCKET_DISCONNECT,
            LIBSSH2_ERROR_SOCKET_TIMEOUT, LIBSSH2_ERROR_TIMEOUT, LIBSSH2_ERROR_CHANNEL_CLOSED,
            LIBSSH2_ERROR_CHANNEL_EOF_SENT, LIBSSH2_ERROR_BAD_SOCKET, LIBSSH2_ERROR_SOCKET_NONE,
            LIBSSH2_ERROR_DECRYPT, LIBSSH2_ERROR_INVALID_MAC,
        ].contains(code)
    }

    var isTimeout: Bool { code == LIBSSH2_ERROR_TIMEOUT }

    func transportError(host: String) -> TransportError {
        meansConnectionLost
            ? .connectionLost(host: host, reason: "\(call): \(message)")
            : .ssh(host: host, call: call, code: code, message: message)
    }
}

/// Algorithms offered to servers. libssh2 1.10 also implements SHA-1 key exchange, CBC modes,
/// 3des/blowfish/arcfour/cast128, hmac-sha1(-96), hmac-md5(-96) and ripemd160; all of those are
/// left out. (1.10 has no AES-GCM, chacha20-poly1305 or encrypt-then-MAC; OpenSSH's defaults
/// still include everything listed here.)
enum SSHAlgorithms {
    static let keyExchange = [
        "curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384",
        "ecdh-sha2-nistp521", "diffie-hellman-group-exchange-sha256", "diffie-hellman-group16-sha512",
        "diffie-hellman-group18-sha512", "diffie-hellman-group14-sha256",
    ]
    static let ciphers = ["aes256-ctr", "aes192-ctr", "aes128-ctr"]
    static let macs = ["hmac-sha2-256", "hmac-sha2-512"]
    /// For hosts not yet in known_hosts (accept-new/off). ssh-dss is never accepted.
    static let hostKeys = [
        "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa",
    ]

    /// The recorded key types libssh2 can verify, in the order above; empty means "none usable".
    static func hostKeys(recorded: [String]) -> [String] {
        hostKeys.filter { recorded.contains($0) }
    }
}
