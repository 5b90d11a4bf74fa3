#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
internal import CLibSSH2

extension SSHConnection {
    /// Connects, checks the host key, logs in and starts the host's shell. As OpenSSH's
    /// `ConnectTimeout`, `target.connectTimeout` is one budget that starts as the TCP connect
    /// begins and covers the connect, the banner and the key exchange, so an unreachable host is
    /// reported that long after its connect began; authentication has a budget of its own.
    ///
    /// A connection the server closes before its banner (sshd dropping it under MaxStartups)
    /// is retried a few times within the connect timeout; nothing has run on the host then.
    public static func connect(_ target: SSHTarget, options: SSHOptions = SSHOptions()) throws(TransportError)
        -> SSHConnection
    {
        let route = target.proxyJump.map { "\($0.user)@\($0.address):\($0.port)" }
        options.emit(
            1, target.name,
            "connecting to \(target.user)@\(target.address):\(target.port)"
                + (route.isEmpty ? "" : " via \(route.joined(separator: " → "))"))
        let retryBudget = Deadline.after(seconds: target.connectTimeout)
        var attempt = 0
        while true {
            do {
                return try connectOnce(target, options: options)
            } catch where isEarlyDrop(error) && attempt < 4 && !retryBudget.hasPassed {
                attempt += 1
                options.emit(1, target.name, "\(error.description); retrying (\(attempt))")
                usleep(UInt32.random(in: 50_000...300_000) * UInt32(attempt))
            }
        }
    }

    private static func connectOnce(_ target: SSHTarget, options: SSHOptions) throws(TransportError) -> SSHConnection {
        let start = Deadline.now
        var tunnels: [JumpTunnel] = []
        var socket: SocketHandle?
        for (index, hop) in target.proxyJump.enumerated() {
            let next = index + 1 < target.proxyJump.count ? target.proxyJump[index + 1] : target
            do {
                let over = socket
                let hopSession = try gated(hop) { () throws(TransportError) -> SSHSession in
                    let budget = Deadline.after(seconds: hop.connectTimeout)
                    var timings = SetupTimings()
                    return try establish(
                        hop, options: options, over: reuseOrConnect(over, or: hop, reportAs: target), timings: &timings,
                        connectBudget: budget)
                }
                let deadline = Deadline.after(seconds: next.connectTimeout)
                let channel: SSHChannel
                do {
                    channel = try SSHChannel.openTunnel(on: hopSession, host: next.address, port: next.port, until: deadline)
                } catch {
                    throw TransportError.unreachable(
                        host: hop.name, reason: "cannot open a tunnel to \(next.address):\(next.port): \(error.message)")
                }
                guard let (local, remote) = SocketHandle.pair() else {
                    throw TransportError.unreachable(host: hop.name, reason: "socketpair: \(FileText.errorText(errno))")
                }
                let tunnel = JumpTunnel(
                    session: hopSession, channel: channel, local: local, keepaliveSeconds: hop.keepaliveInterval)
                tunnel.start()
                tunnels.append(tunnel)
                socket = remote
            } catch {
                throw viaJumpHost(error, hop: hop, target: target)
            }
        }
        let over = socket
        var timings = SetupTimings()
        timings.jumpHosts = Deadline.secondsSince(start)
        let (session, finalSocket) = try gated(target) { () throws(TransportError) -> (SSHSession, SocketHandle) in
            // The budget starts here, not when the host's task began: time a busy controller took
            // to get this far (its other hosts' handshakes, a build) is not the host's to answer.
            let connectStart = Deadline.now
            let budget = Deadline.after(seconds: target.connectTimeout)
            do throws(TransportError) {
                let connected = try reuseOrConnect(over, or: target, reportAs: target)
                timings.connect = Deadline.secondsSince(connectStart)
                let session = try establish(
                    target, options: options, over: connected, timings: &timings, connectBudget: budget)
                return (session, connected)
            } catch {
                let elapsed = Int((Deadline.secondsSince(connectStart) * 1000).rounded())
                options.emit(
                    1, target.name,
                    "no connection \(elapsed) ms after the connect began (connect timeout \(target.connectTimeout) s): "
                        + error.description)
                throw error
            }
        }
        timings.total = Deadline.secondsSince(start)
        options.emit(1, target.name, "connected in \(timings)")
        // The login shell starts when a program first needs it: a play that becomes root
        // everywhere runs every program in the sudo shell and never pays for this one.
        return SSHConnection(
            target: target, options: options, socket: finalSocket, session: session, tunnels: tunnels,
            setupTimings: timings)
    }

    /// Runs the unauthenticated part of a connection to `server` inside its startup slot.
    private static func gated<T>(_ server: SSHTarget, _ body: () throws(TransportError) -> T) throws(TransportError) -> T {
        let key = "\(server.address):\(server.port)"
        guard let value = try StartupGate.shared.withSlot(for: key, until: .after(seconds: server.connectTimeout), body)
        else {
            throw .unreachable(
                host: server.name,
                reason: "too many connections to \(key) were starting; waited \(Int(server.connectTimeout)) s for a turn")
        }
        return value
    }

    private static let earlyDropNote = "the server closed the connection before the SSH banner"

    private static func isEarlyDrop(_ error: TransportError) -> Bool {
        guard case .unreachable(_, let reason) = error else { return false }
        return reason.contains(earlyDropNote)
    }

    /// The tunnel's socket when there is one, else a new TCP connection to `hop`.
    private static func reuseOrConnect(_ existing: SocketHandle?, or hop: SSHTarget, reportAs target: SSHTarget)
        throws(TransportError) -> SocketHandle
    {
        if let existing { return existing }
        return try openTCP(hop, reportAs: target)
    }

    private static func openTCP(_ hop: SSHTarget, reportAs target: SSHTarget) throws(TransportError) -> SocketHandle {
        do {
            return try SocketHandle.connectTCP(
                host: hop.address, port: hop.port, timeout: hop.connectTimeout,
                userTimeoutSeconds: max(30, hop.keepaliveInterval * 3))
        } catch {
            let via = hop.name == target.name ? "" : " (jump host \(hop.name))"
            throw .unreachable(
                host: target.name, reason: "ssh: connect to host \(hop.address) port \(hop.port)\(via): \(error.reason)")
        }
    }

    /// Handshake with the algorithm restrictions, host-key check, then authentication.
    static func establish(_ target: SSHTarget, options: SSHOptions, over socket: SocketHandle) throws(TransportError)
        -> SSHSession
    {
        var timings = SetupTimings()
        return try establish(target, options: options, over: socket, timings: &timings)
    }

    /// `connectBudget` bounds the banner and key exchange (by default the connect timeout from now).
    static func establish(
        _ target: SSHTarget, options: SSHOptions, over socket: SocketHandle, timings: inout SetupTimings,
        connectBudget: Deadline? = nil
    ) throws(TransportError) -> SSHSession {
        let start = Deadline.now
        let host = target.name
        guard let session = SSHSession(socket: socket) else {
            throw .ssh(host: host, call: "libssh2_session_init_ex", code: -6, message: "cannot create an SSH session")
        }
        let knownHosts = target.hostKeyPolicy == .off ? KnownHosts() : KnownHosts.load(files: target.knownHostsFiles)
        for problem in knownHosts.problems { options.emit(3, host, "known_hosts: \(problem.description) (ignored)") }
        let verifier = HostKeyVerifier(target: target, options: options)
        let hostKeyTypes = try verifier.preferredHostKeyTypes(knownHosts)
        do {
            try session.setAlgorithms(hostKeyTypes: hostKeyTypes)
        } catch {
            throw .ssh(host: host, call: error.call, code: error.code, message: error.message)
        }
        session.configureKeepalive(intervalSeconds: target.keepaliveInterval)
        do {
            try session.handshake(until: connectBudget ?? .after(seconds: target.connectTimeout))
        } catch {
            if error.code == LIBSSH2_ERROR_KEX_FAILURE, let refusal = verifier.recordedTypesNotOffered(hostKeyTypes, knownHosts) {
                throw refusal
            }
            let early = [LIBSSH2_ERROR_BANNER_RECV, LIBSSH2_ERROR_SOCKET_DISCONNECT, LIBSSH2_ERROR_SOCKET_RECV]
            let note = early.contains(error.code) ? " (\(earlyDropNote); sshd drops connections beyond MaxStartups)" : ""
            throw .unreachable(
                host: host,
                reason: "SSH handshake with \(target.address):\(target.port) failed: \(error.message)\(note)")
        }
        options.emit(3, host, "negotiated \(session.negotiatedMethods()); asked for host keys \(hostKeyTypes.joined(separator: ","))")
        guard let keyBlob = session.hostKey() else {
            throw .hostKeyRejected(host: host, reason: "the server sent no host key")
        }
        try verifier.verify(keyBlob: keyBlob, knownHosts: knownHosts)
        timings.handshake = Deadline.secondsSince(start)
        let authenticationStart = Deadline.now
        try SSHAuthenticator(
            session: session, target: target, options: options, deadline: .after(seconds: target.connectTimeout)
        ).authenticate()
        timings.authentication = Deadline.secondsSince(authenticationStart)
        return session
    }

    /// Failures at a jump host make the target unreachable; the message names the hop.
    private static func viaJumpHost(_ error: any Error, hop: SSHTarget, target: SSHTarget) -> TransportError {
        guard let error = error as? TransportError else {
            return .unreachable(host: target.name, reason: "via jump host \(hop.name): \(error)")
        }
        let reason = "via jump host \(hop.name): \(error.description)"
        switch error {
        case .hostKeyRejected: return .hostKeyRejected(host: target.name, reason: reason)
        case .authenticationFailed: return .authenticationFailed(host: target.name, reason: reason)
        default: return .unreachable(host: target.name, reason: reason)
        }
    }

    static func describe(_ failure: RemoteShell.Failure) -> String {
        switch failure {
        case .call(let error): return "\(error.call): \(error.message)"
        case .endOfFile, .notStarted: return "the shell ended at once (is /bin/sh missing, or the login shell refusing commands?)"
        case .deadline: return "no hello from the shell in time"
        }
    }
}

/// Where the time of a connection setup went, in seconds; for the debug log and benchmarks.
public struct SetupTimings: Sendable, CustomStringConvertible {
    /// Connecting and authenticating to every jump host and opening the tunnels.
    public var jumpHosts: Double = 0
    /// TCP connect (zero through a jump host, where the tunnel is the socket).
    public var connect: Double = 0
    /// Key exchange and the host-key check.
    public var handshake: Double = 0
    public var authentication: Double = 0
    /// Opening the login shell channel, starting `sh` and its hello; zero until a program needs it.
    public var shell: Double = 0
    public var total: Double = 0

    public var description: String {
        func ms(_ seconds: Double) -> String { "\(Int((seconds * 1000).rounded())) ms" }
        var parts = ["tcp \(ms(connect))", "handshake \(ms(handshake))", "auth \(ms(authentication))", "shell \(ms(shell))"]
        if jumpHosts > 0 { parts.insert("jump hosts \(ms(jumpHosts))", at: 0) }
        return "\(ms(total)): " + parts.joined(separator: ", ")
    }
}
