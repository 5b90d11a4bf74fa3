#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One ProxyJump hop: a `direct-tcpip` channel on the jump host's session, bridged by a pump
/// thread to one end of a socket pair. The next session (another hop or the target) runs over
/// the other end as if it were a TCP socket.
///
/// After `start()` only the pump thread touches the jump session and its channel, which keeps
/// libssh2's one-thread-per-session rule. The tunnel ends when the other end of the pair is
/// closed (the next session went away) or the channel ends; the pump then frees the jump session.
final class JumpTunnel: @unchecked Sendable {
    private var session: SSHSession?
    private var channel: SSHChannel?
    private let local: SocketHandle
    private let keepaliveMilliseconds: Int32
    /// Set by the pump thread once the jump session is freed; guarded by `finishedLock`.
    private var finished = false
    private let finishedLock = PlainLock()

    init(session: SSHSession, channel: SSHChannel, local: SocketHandle, keepaliveSeconds: Int) {
        self.session = session
        self.channel = channel
        self.local = local
        keepaliveMilliseconds = keepaliveSeconds > 0 ? Int32(min(keepaliveSeconds, 3600)) * 1000 : 60_000
    }

    func start() {
        let started = DetachedThread.start { [self] in
            pump()
            // The session is freed here, on the thread that used it last.
            channel = nil
            session = nil
            local.shutdownBoth()
            finishedLock.withLock {
                finished = true
                finishedLock.broadcast()
            }
        }
        if !started {
            // No thread: the next hop sees its socket close and fails with a connection error.
            local.shutdownBoth()
            finishedLock.withLock { finished = true }
        }
    }

    /// Waits (bounded) until the pump has ended and the jump session is freed.
    func waitUntilFinished(seconds: Double) {
        let deadline = Deadline.after(seconds: seconds)
        finishedLock.withLock {
            while !finished {
                let remaining = Double(deadline.remainingMilliseconds(cap: 1000)) / 1000
                if remaining <= 0 { return }
                finishedLock.wait(seconds: remaining)
            }
        }
    }

    private func pump() {
        guard let session, let channel else { return }
        var toChannel: [UInt8] = []
        var toLocal: [UInt8] = []
        var localEnded = false
        var channelEnded = false
        var lingerDeadline: Deadline?
        var buffer = [UInt8](repeating: 0, count: 32768)
        var quiet = SocketWait(maximumMilliseconds: keepaliveMilliseconds)
        while true {
            var progressed = false
            if toChannel.isEmpty, !localEnded {
                let count = buffer.withUnsafeMutableBytes { read(local.fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    toChannel = Array(buffer[0..<count])
                    progressed = true
                } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                    localEnded = true
                    lingerDeadline = .after(seconds: 2)
                    _ = try? channel.sendEndOfFile(until: .after(seconds: 1))
                }
            }
            do {
                if !toChannel.isEmpty {
                    let written = try channel.write(toChannel[...])
                    toChannel.removeFirst(written)
                    progressed = progressed || written > 0
                }
                if toLocal.isEmpty, !channelEnded {
                    switch try channel.read(stream: 0, into: &buffer) {
                    case .data(let count):
                        toLocal = Array(buffer[0..<count])
                        progressed = true
                    case .wouldBlock: break
                    case .endOfFile:
                        channelEnded = true
                        shutdown(local.fd, Int32(SHUT_WR))
                    }
                }
            } catch {
                return
            }
            if !toLocal.isEmpty {
                let count = toLocal.withUnsafeBytes { send(local.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if count > 0 {
                    toLocal.removeFirst(count)
                    progressed = true
                } else if count < 0, errno != EAGAIN, errno != EINTR {
                    return
                }
            }
            if channelEnded && toLocal.isEmpty { return }
            if let lingerDeadline, lingerDeadline.hasPassed { return }
            if progressed {
                quiet.reset()
            } else {
                waitForEither(
                    session: session, wantLocalRead: toChannel.isEmpty && !localEnded,
                    wantLocalWrite: !toLocal.isEmpty, wantChannelRead: toLocal.isEmpty && !channelEnded,
                    milliseconds: quiet.nextMilliseconds())
            }
        }
    }

    /// Sleeps until the local end or the jump host's socket can move data. The remote socket is
    /// watched for reading only when the pump can take more data (or libssh2 waits for a window
    /// adjustment), so a slow reader on the local end does not turn this into a busy loop.
    ///
    /// At most `milliseconds`: see `SocketWait` for why a quiet socket is not proof that libssh2
    /// holds nothing to read.
    private func waitForEither(
        session: SSHSession, wantLocalRead: Bool, wantLocalWrite: Bool, wantChannelRead: Bool, milliseconds: Int32
    ) {
        session.sendKeepaliveIfDue()
        var localEvents: Int16 = 0
        if wantLocalRead { localEvents |= Int16(POLLIN) }
        if wantLocalWrite { localEvents |= Int16(POLLOUT) }
        let directions = session.blockDirections
        var remoteEvents: Int16 = 0
        if wantChannelRead || directions.inbound { remoteEvents |= Int16(POLLIN) }
        if directions.outbound { remoteEvents |= Int16(POLLOUT) }
        var entries = [
            pollfd(fd: local.fd, events: localEvents, revents: 0),
            pollfd(fd: session.socket.fd, events: remoteEvents, revents: 0),
        ]
        _ = poll(&entries, 2, milliseconds)
    }
}
