#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
internal import CLibSSH2

/// Owns one libssh2 session and the socket under it; disconnects and frees both in `deinit`.
///
/// The session runs in non-blocking mode: every call goes through `perform`, which turns
/// `LIBSSH2_ERROR_EAGAIN` into a `poll` on the socket in the directions libssh2 is blocked on,
/// bounded by a deadline, and every other negative code into an `SSHCallError` naming the call.
final class SSHSession {
    let raw: OpaquePointer
    let socket: SocketHandle
    /// Answers keyboard-interactive prompts; reached from the C callback through the session's
    /// abstract pointer, so it lives exactly as long as the session.
    let promptAnswers = PromptAnswers()
    private var disconnected = false

    init?(socket: SocketHandle) {
        guard LibSSH2Runtime.ensureInitialised() else { return nil }
        let abstract = Unmanaged.passUnretained(promptAnswers).toOpaque()
        guard let session = libssh2_session_init_ex(nil, nil, nil, abstract) else { return nil }
        raw = session
        self.socket = socket
        libssh2_session_set_blocking(raw, 0)
    }

    deinit {
        disconnect()
        libssh2_session_free(raw)
    }

    /// A polite SSH_MSG_DISCONNECT, given a moment to leave; the socket closes with the handle.
    func disconnect() {
        guard !disconnected else { return }
        disconnected = true
        let deadline = Deadline.after(seconds: 1)
        _ = try? perform("libssh2_session_disconnect_ex", until: deadline) {
            libssh2_session_disconnect_ex(raw, SSH_DISCONNECT_BY_APPLICATION, "closed by playbook", "")
        }
    }

    func setAlgorithms(hostKeyTypes: [String]) throws(SSHCallError) {
        let preferences: [(Int32, [String])] = [
            (LIBSSH2_METHOD_KEX, SSHAlgorithms.keyExchange),
            (LIBSSH2_METHOD_HOSTKEY, hostKeyTypes),
            (LIBSSH2_METHOD_CRYPT_CS, SSHAlgorithms.ciphers), (LIBSSH2_METHOD_CRYPT_SC, SSHAlgorithms.ciphers),
            (LIBSSH2_METHOD_MAC_CS, SSHAlgorithms.macs), (LIBSSH2_METHOD_MAC_SC, SSHAlgorithms.macs),
        ]
        for (method, names) in preferences {
            let rc = libssh2_session_method_pref(raw, method, names.joined(separator: ","))
            if rc < 0 { throw lastError("libssh2_session_method_pref", rc) }
        }
    }

    func handshake(until deadline: Deadline) throws(SSHCallError) {
        try perform("libssh2_session_handshake", until: deadline) { libssh2_session_handshake(raw, socket.fd) }
    }

    /// The server's host key blob, as received during the handshake.
    func hostKey() -> [UInt8]? {
        var length = 0
        var type: Int32 = 0
        guard let pointer = libssh2_session_hostkey(raw, &length, &type), length > 0 else { return nil }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
    }

    /// The negotiated algorithms, for the debug log.
    func negotiatedMethods() -> String {
        let names: [(String, Int32)] = [
            ("kex", LIBSSH2_METHOD_KEX), ("hostkey", LIBSSH2_METHOD_HOSTKEY), ("cipher", LIBSSH2_METHOD_CRYPT_CS),
            ("mac", LIBSSH2_METHOD_MAC_CS),
        ]
        return names.map { name, method in
            "\(name)=\(libssh2_session_methods(raw, method).map { String(cString: $0) } ?? "?")"
        }.joined(separator: " ")
    }

    // MARK: - The one path every libssh2 call takes

    /// Runs `body` until it stops saying EAGAIN; a negative code becomes an `SSHCallError`.
    @discardableResult
    func perform<Code: BinaryInteger>(_ call: String, until deadline: Deadline, _ body: () -> Code)
        throws(SSHCallError) -> Code
    {
        var wait = SocketWait()
        while true {
            let rc = body()
            if rc == Code(LIBSSH2_ERROR_EAGAIN) {
                try wait.wait(on: self, call, until: deadline)
                continue
            }
            if rc < 0 { throw lastError(call, Int32(truncatingIfNeeded: rc)) }
            return rc
        }
    }

    /// For calls that return a handle: NULL with `last_errno == EAGAIN` means "call again".
    func performReturningHandle(_ call: String, until deadline: Deadline, _ body: () -> OpaquePointer?)
        throws(SSHCallError) -> OpaquePointer
    {
        var wait = SocketWait()
        while true {
            if let handle = body() { return handle }
            let code = libssh2_session_last_errno(raw)
            guard code == LIBSSH2_ERROR_EAGAIN else { throw lastError(call, code) }
            try wait.wait(on: self, call, until: deadline)
        }
    }

    /// Sleeps in `poll` until the socket is ready in the directions libssh2 waits on.
    func waitForSocket(_ call: String, until deadline: Deadline, capMilliseconds: Int32 = .max) throws(SSHCallError) {
        let directions = libssh2_session_block_directions(raw)
        var events: Int16 = 0
        if directions & LIBSSH2_SESSION_BLOCK_INBOUND != 0 { events |= Int16(POLLIN) }
        if directions & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 { events |= Int16(POLLOUT) }
        if events == 0 { events = Int16(POLLIN) }
        var entry = pollfd(fd: socket.fd, events: events, revents: 0)
        let wait = deadline.remainingMilliseconds(cap: capMilliseconds)
        if wait == 0, deadline.hasPassed {
            throw SSHCallError(call: call, code: LIBSSH2_ERROR_TIMEOUT, message: "no answer from the host in time")
        }
        let ready = poll(&entry, 1, wait)
        if ready < 0, errno != EINTR {
            throw SSHCallError(call: call, code: LIBSSH2_ERROR_SOCKET_NONE, message: "poll: \(FileText.errorText(errno))")
        }
        if ready == 0, deadline.hasPassed {
            throw SSHCallError(call: call, code: LIBSSH2_ERROR_TIMEOUT, message: "no answer from the host in time")
        }
    }

    func lastError(_ call: String, _ code: Int32) -> SSHCallError {
        var message: UnsafeMutablePointer<CChar>?
        var length: Int32 = 0
        libssh2_session_last_error(raw, &message, &length, 0)
        let text = message.map { String(cString: $0) } ?? "unknown error"
        return SSHCallError(call: call, code: code, message: text)
    }

    /// Sends a keepalive when one is due. Only called between operations, while nothing is
    /// half-sent: a keepalive squeezed into a pending write would reorder packets.
    func sendKeepaliveIfDue() {
        guard libssh2_session_block_directions(raw) & LIBSSH2_SESSION_BLOCK_OUTBOUND == 0 else { return }
        var secondsToNext: Int32 = 0
        _ = libssh2_keepalive_send(raw, &secondsToNext)
    }

    var blockDirections: (inbound: Bool, outbound: Bool) {
        let directions = libssh2_session_block_directions(raw)
        return (directions & LIBSSH2_SESSION_BLOCK_INBOUND != 0, directions & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0)
    }

    func configureKeepalive(intervalSeconds: Int) {
        guard intervalSeconds > 0 else { return }
        libssh2_keepalive_config(raw, 1, UInt32(intervalSeconds))
    }
}

/// The password given to keyboard-interactive prompts, held by the session it belongs to.
final class PromptAnswers: @unchecked Sendable {
    var password: String?
}

/// Waits on a session's socket between libssh2 calls that said EAGAIN, each wait at most twice
/// as long as the one before: 8 ms, 16 ms, … up to `maximum`.
///
/// A wait must end early now and then even with the socket quiet. Seen with a packet capture in
/// ~2 runs in 100 at 10 hosts: the last bytes of a program's output had reached libssh2 together
/// with the other stream's, yet the read after them returned EAGAIN and nothing more came on the
/// socket; the next read, without any new byte, returned them. A wait bounded only by the
/// keepalive interval sat out 30 s there, one bounded by the deadline would fail the host. A call
/// that waits long (a program running for minutes) costs a dozen wakeups more.
struct SocketWait {
    static let firstMilliseconds: Int32 = 8
    private var next = Self.firstMilliseconds
    let maximum: Int32

    init(maximumMilliseconds: Int32 = 1000) {
        maximum = max(maximumMilliseconds, Self.firstMilliseconds)
    }

    mutating func wait(on session: SSHSession, _ call: String, until deadline: Deadline) throws(SSHCallError) {
        try session.waitForSocket(call, until: deadline, capMilliseconds: nextMilliseconds())
    }

    /// How long the next wait may last, for a caller that polls more than the session's socket.
    mutating func nextMilliseconds() -> Int32 {
        let current = min(next, maximum)
        next = min(next * 2, maximum)
        return current
    }

    /// After progress, the next wait is short again.
    mutating func reset() { next = Self.firstMilliseconds }
}
