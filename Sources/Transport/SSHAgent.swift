internal import CLibSSH2

/// Owns a libssh2 agent handle (a connection to ssh-agent) and frees it in `deinit`.
final class SSHAgent {
    private let raw: OpaquePointer
    private let session: SSHSession
    private var connected = false

    struct Identity {
        var blob: [UInt8]
        var comment: String
        var index: Int
    }

    init?(session: SSHSession, socketPath: String) {
        guard let raw = libssh2_agent_init(session.raw) else { return nil }
        self.raw = raw
        self.session = session
        libssh2_agent_set_identity_path(raw, socketPath)
    }

    deinit {
        if connected { libssh2_agent_disconnect(raw) }
        libssh2_agent_free(raw)
    }

    /// The agent's keys; empty when the agent cannot be reached (a stale SSH_AUTH_SOCK is common
    /// and must not stop file keys or passwords from being tried).
    func identities() -> [Identity] {
        guard libssh2_agent_connect(raw) == 0 else { return [] }
        connected = true
        guard libssh2_agent_list_identities(raw) == 0 else { return [] }
        var result: [Identity] = []
        var previous: UnsafeMutablePointer<libssh2_agent_publickey>?
        while result.count < 64 {
            var current: UnsafeMutablePointer<libssh2_agent_publickey>?
            guard libssh2_agent_get_identity(raw, &current, previous) == 0, let identity = current else { break }
            let blob = Array(UnsafeBufferPointer(start: identity.pointee.blob, count: identity.pointee.blob_len))
            let comment = identity.pointee.comment.map { String(cString: $0) } ?? ""
            result.append(Identity(blob: blob, comment: comment, index: result.count))
            previous = identity
        }
        return result
    }

    /// Tries one agent key; false when the server refused it.
    func authenticate(user: String, identity: Identity, until deadline: Deadline) throws(SSHCallError) -> Bool {
        guard let handle = lookup(identity) else { return false }
        do {
            try session.perform("libssh2_agent_userauth", until: deadline) { libssh2_agent_userauth(raw, user, handle) }
            return true
        } catch where error.code == LIBSSH2_ERROR_AUTHENTICATION_FAILED || error.code == LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED
            || error.code == LIBSSH2_ERROR_AGENT_PROTOCOL
        {
            return false
        }
    }

    /// The C handle of an identity, looked up again by position: libssh2 owns the list storage.
    private func lookup(_ identity: Identity) -> UnsafeMutablePointer<libssh2_agent_publickey>? {
        var previous: UnsafeMutablePointer<libssh2_agent_publickey>?
        for _ in 0...identity.index {
            var current: UnsafeMutablePointer<libssh2_agent_publickey>?
            guard libssh2_agent_get_identity(raw, &current, previous) == 0 else { return nil }
            previous = current
        }
        return previous
    }
}
