/// Why talking to a host failed. Each case says which host and, for libssh2 failures,
/// which call failed and what libssh2 said.
public enum TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The host could not be reached or the SSH handshake failed: the host is UNREACHABLE.
    case unreachable(host: String, reason: String)
    case authenticationFailed(host: String, reason: String)
    /// The host key is unknown (strict mode), changed, or revoked. Never retried.
    case hostKeyRejected(host: String, reason: String)
    /// The connection dropped while a program ran: its outcome is unknown, never "ok".
    case connectionLost(host: String, reason: String)
    /// The program ran longer than its timeout and was killed.
    case timedOut(host: String, seconds: Double)
    /// sudo/su refused: wrong password, not allowed, or a password is needed but none was given.
    case becomeFailed(host: String, reason: String)
    /// A libssh2 call failed in a way that is none of the above.
    case ssh(host: String, call: String, code: Int32, message: String)
    /// A local file for an upload could not be read.
    case localFile(path: String, reason: String)
    /// A file on the host could not be written, renamed or removed (permission, space, path).
    case fileOperation(host: String, path: String, reason: String)
    /// The request cannot be sent as asked (an invalid environment variable name, a password
    /// containing a newline). Nothing ran.
    case invalidRequest(host: String, reason: String)

    public var host: String? {
        switch self {
        case .unreachable(let h, _), .authenticationFailed(let h, _), .hostKeyRejected(let h, _),
            .connectionLost(let h, _), .timedOut(let h, _), .becomeFailed(let h, _), .ssh(let h, _, _, _), .invalidRequest(let h, _),
            .fileOperation(let h, _, _):
            return h
        case .localFile: return nil
        }
    }

    /// Whether the host should be counted unreachable (rather than failed) in the recap.
    public var makesHostUnreachable: Bool {
        switch self {
        case .unreachable, .authenticationFailed, .hostKeyRejected, .connectionLost: return true
        case .timedOut, .becomeFailed, .ssh, .localFile, .invalidRequest, .fileOperation: return false
        }
    }

    public var description: String {
        switch self {
        case .unreachable(_, let r): return "Failed to connect to the host via ssh: \(r)"
        case .authenticationFailed(_, let r): return "Authentication failed: \(r)"
        case .hostKeyRejected(_, let r): return "Host key verification failed: \(r)"
        case .connectionLost(_, let r): return "Connection lost while the task ran (outcome unknown): \(r)"
        case .timedOut(_, let s): return "The task did not finish within \(Int(s)) s and was killed on the host"
        case .becomeFailed(_, let r): return "Privilege escalation failed: \(r)"
        case .ssh(_, let call, let code, let message): return "\(call) failed (\(code)): \(message)"
        case .localFile(let p, let r): return "Cannot read \(p): \(r)"
        case .invalidRequest(_, let r): return "Cannot run the task: \(r)"
        case .fileOperation(_, let p, let r): return "Cannot write \(p) on the host: \(r)"
        }
    }
}
