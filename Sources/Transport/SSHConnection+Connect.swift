#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension SSHConnection {
    /// Connects, checks the host key, logs in and starts the host's shell. Every phase is
    /// bounded by `target.connectTimeout`, so an unreachable host is reported in about that time.
    public static func connect(_ target: SSHTarget, options: SSHOptions = SSHOptions()) throws(TransportError)
        -> SSHConnection
    {
        let start = Deadline.now
        let route = target.proxyJump.map { "\($0.user)@\($0.address):\($0.port)" }
        options.emit(
            1, target.name,
            "connecting to \(target.user)@\(target.address):\(target.port)"
                + (route.isEmpty ? "" : " via \(route.joined(separator: " → "))"))
        var tunnels: [JumpTunnel] = []
        let first = target.proxyJump.first ?? target
        var socket = try openTCP(first, reportAs: target)
        for (index, hop) in target.proxyJump.enumerated() {
            let next = index + 1 < target.proxyJump.count ? target.proxyJump[index + 1] : target
            do {
                let hopSession = try establish(hop, options: options, over: socket)
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
        let session = try establish(target, options: options, over: socket)
        let shell: RemoteShell
        do {
            shell = try RemoteShell.start(
                on: session, keepaliveSeconds: target.keepaliveInterval, until: .after(seconds: target.connectTimeout))
        } catch {
            throw .unreachable(host: target.name, reason: "cannot start a shell on the host: \(describe(error))")
        }
        let seconds = Deadline.secondsSince(start)
        options.emit(1, target.name, "connected in \(Int(seconds * 1000)) ms (login uid \(shell.loginUID))")
        return SSHConnection(
            target: target, options: options, socket: socket, session: session, shell: shell, tunnels: tunnels,
            setupSeconds: seconds)
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
            try session.handshake(until: .after(seconds: target.connectTimeout))
        } catch {
            throw .unreachable(
                host: host, reason: "SSH handshake with \(target.address):\(target.port) failed: \(error.message)")
        }
        options.emit(3, host, "negotiated \(session.negotiatedMethods()); asked for host keys \(hostKeyTypes.joined(separator: ","))")
        guard let keyBlob = session.hostKey() else {
            throw .hostKeyRejected(host: host, reason: "the server sent no host key")
        }
        try verifier.verify(keyBlob: keyBlob, knownHosts: knownHosts)
        try SSHAuthenticator(
            session: session, target: target, options: options, deadline: .after(seconds: target.connectTimeout)
        ).authenticate()
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
        case .endOfFile: return "the shell ended at once (is /bin/sh missing, or the login shell refusing commands?)"
        case .deadline: return "no hello from the shell in time"
        }
    }
}
