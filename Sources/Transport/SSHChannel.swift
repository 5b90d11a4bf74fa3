internal import CLibSSH2

/// Owns one libssh2 channel (a shell, an exec, or a direct-tcpip tunnel) and frees it in
/// `deinit`. Holds its session strongly: a channel must never outlive the session it lives in.
final class SSHChannel {
    let raw: OpaquePointer
    let session: SSHSession

    enum ReadResult {
        case data(Int)
        case wouldBlock
        case endOfFile
    }

    private init(raw: OpaquePointer, session: SSHSession) {
        self.raw = raw
        self.session = session
    }

    deinit {
        // Closing politely would wait for the peer; a short deadline keeps shutdown quick even
        // when the peer is gone. Freeing is local and always done.
        let deadline = Deadline.after(seconds: 0.5)
        _ = try? session.perform("libssh2_channel_close", until: deadline) { libssh2_channel_close(raw) }
        libssh2_channel_free(raw)
    }

    /// libssh2's defaults (2 MiB window, 32 KiB packets): large enough that a 1 MB output
    /// streams without waiting for window adjustments on every packet.
    private static let windowSize: UInt32 = 2 * 1024 * 1024
    private static let packetSize: UInt32 = 32768

    static func openSession(on session: SSHSession, until deadline: Deadline) throws(SSHCallError) -> SSHChannel {
        let kind = "session"
        let raw = try session.performReturningHandle("libssh2_channel_open_ex(session)", until: deadline) {
            libssh2_channel_open_ex(
                session.raw, kind, UInt32(kind.utf8.count), windowSize, packetSize, nil, 0)
        }
        return SSHChannel(raw: raw, session: session)
    }

    /// A `direct-tcpip` channel: the jump host opens a TCP connection to `host:port` for us.
    static func openTunnel(on session: SSHSession, host: String, port: Int, until deadline: Deadline)
        throws(SSHCallError) -> SSHChannel
    {
        let raw = try session.performReturningHandle("libssh2_channel_direct_tcpip_ex(\(host):\(port))", until: deadline) {
            libssh2_channel_direct_tcpip_ex(session.raw, host, Int32(port), "127.0.0.1", 22)
        }
        return SSHChannel(raw: raw, session: session)
    }

    func exec(_ command: String, until deadline: Deadline) throws(SSHCallError) {
        let request = "exec"
        try session.perform("libssh2_channel_process_startup(exec)", until: deadline) {
            libssh2_channel_process_startup(
                raw, request, UInt32(request.utf8.count), command, UInt32(command.utf8.count))
        }
    }

    /// One non-blocking read of stdout (`stream` 0) or stderr (`stream` 1) into `buffer`.
    func read(stream: Int32, into buffer: inout [UInt8]) throws(SSHCallError) -> ReadResult {
        let count = buffer.withUnsafeMutableBytes { bytes in
            libssh2_channel_read_ex(raw, stream, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count)
        }
        if count > 0 { return .data(count) }
        if count == Int(LIBSSH2_ERROR_EAGAIN) { return .wouldBlock }
        if count == 0 {
            return libssh2_channel_eof(raw) == 1 ? .endOfFile : .wouldBlock
        }
        throw session.lastError("libssh2_channel_read_ex", Int32(truncatingIfNeeded: count))
    }

    /// One non-blocking write to stdin; returns how many bytes were taken (0 when the window
    /// or socket is full).
    func write(_ bytes: ArraySlice<UInt8>) throws(SSHCallError) -> Int {
        let count = bytes.withUnsafeBytes { raw_ in
            libssh2_channel_write_ex(raw, 0, raw_.baseAddress?.assumingMemoryBound(to: CChar.self), raw_.count)
        }
        if count >= 0 { return count }
        if count == Int(LIBSSH2_ERROR_EAGAIN) { return 0 }
        throw session.lastError("libssh2_channel_write_ex", Int32(truncatingIfNeeded: count))
    }

    /// Writes all bytes, waiting on the socket as needed.
    func writeAll(_ bytes: [UInt8], until deadline: Deadline) throws(SSHCallError) {
        var offset = 0
        var wait = SocketWait()
        while offset < bytes.count {
            let written = try write(bytes[offset...])
            if written == 0 {
                try wait.wait(on: session, "libssh2_channel_write_ex", until: deadline)
            } else {
                wait.reset()
            }
            offset += written
        }
    }

    func sendEndOfFile(until deadline: Deadline) throws(SSHCallError) {
        try session.perform("libssh2_channel_send_eof", until: deadline) { libssh2_channel_send_eof(raw) }
    }

    /// Waits for the server's channel close, after which the exit status is final.
    func waitClosed(until deadline: Deadline) throws(SSHCallError) {
        try session.perform("libssh2_channel_wait_closed", until: deadline) { libssh2_channel_wait_closed(raw) }
    }

    var receivedEndOfFile: Bool { libssh2_channel_eof(raw) == 1 }

    /// Whether libssh2 holds data of either stream that no read has taken yet. A read of one
    /// stream first takes every packet off the socket, the other stream's too: a caller that
    /// found nothing on one stream after reading the other must ask this before it waits on
    /// the socket, or it waits for data that has already arrived.
    var hasQueuedData: Bool { libssh2_poll_channel_read(raw, 1) > 0 }

    /// The remote command's exit: a signal name, a status, or nil when the server never sent
    /// either (libssh2 would report 0 then, which must not count as success).
    func exitStatus() -> CommandOutput.Termination? {
        var signal: UnsafeMutablePointer<CChar>?
        var length = 0
        if libssh2_channel_get_exit_signal(raw, &signal, &length, nil, nil, nil, nil) == 0, let signal {
            let name = String(cString: signal)
            libssh2_free(session.raw, signal)
            if !name.isEmpty { return .signaled(name) }
        }
        return nil
    }

    func exitCode() -> Int32 { libssh2_channel_get_exit_status(raw) }
}
