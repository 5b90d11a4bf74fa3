#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Owns one file descriptor of a connection's socket and closes it in `deinit`.
final class SocketHandle: @unchecked Sendable {
    let fd: Int32

    init(fd: Int32) {
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    /// Wakes anyone polling the socket and makes further I/O fail, without closing the
    /// descriptor (closing it under another thread could let the number be reused).
    func shutdownBoth() {
        shutdown(fd, Int32(SHUT_RDWR))
    }

    struct ConnectError: Error {
        var reason: String
    }

    /// A non-blocking TCP connection to `host:port` established within `timeout` seconds,
    /// trying each resolved address in turn.
    static func connectTCP(host: String, port: Int, timeout: Double, userTimeoutSeconds: Int) throws(ConnectError)
        -> SocketHandle
    {
        let deadline = Deadline.after(seconds: timeout)
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var probe = in_addr()
        if inet_pton(AF_INET, host, &probe) == 1 {
            // An IPv4 address needs no lookup, and AI_ADDRCONFIG would have the kernel dump
            // every address of the machine (hundreds on a lab or container host) per connection.
            hints.ai_family = AF_INET
            hints.ai_flags = AI_NUMERICHOST
        } else {
            hints.ai_family = AF_UNSPEC
            hints.ai_flags = AI_ADDRCONFIG
        }
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw ConnectError(reason: "cannot resolve '\(host)': \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastReason = "no address"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            guard fd >= 0 else {
                lastReason = "socket: \(FileText.errorText(errno))"
                continue
            }
            let handle = SocketHandle(fd: fd)
            if let reason = handle.finishConnect(info.pointee.ai_addr, info.pointee.ai_addrlen, deadline: deadline) {
                lastReason = reason
                if deadline.hasPassed { break }
                continue
            }
            handle.tune(userTimeoutSeconds: userTimeoutSeconds)
            return handle
        }
        throw ConnectError(reason: lastReason)
    }

    /// nil when connected, else why not, in OpenSSH's words ("No route to host", "Connection
    /// timed out"), which follow "ssh: connect to host H port P: " as ssh and Ansible print it.
    private func finishConnect(_ address: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t, deadline: Deadline)
        -> String?
    {
        if connect(fd, address, length) == 0 { return nil }
        guard errno == EINPROGRESS || errno == EINTR else { return FileText.errorText(errno) }
        while true {
            var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&entry, 1, deadline.remainingMilliseconds())
            if ready < 0 {
                if errno == EINTR { continue }
                return "poll: \(FileText.errorText(errno))"
            }
            if ready == 0 { return "Connection timed out" }
            var problem: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &problem, &size)
            return problem == 0 ? nil : FileText.errorText(problem)
        }
    }

    /// TCP_NODELAY: without it Nagle and delayed ACKs stall every small SSH packet
    /// (kex 60–100 ms instead of ~18 ms). TCP_USER_TIMEOUT: a host that vanishes is noticed once
    /// unacknowledged data (our keepalives) has waited that long, instead of after ~15 minutes.
    private func tune(userTimeoutSeconds: Int) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, socklen_t(MemoryLayout<Int32>.size))
        if userTimeoutSeconds > 0 {
            var millis = UInt32(userTimeoutSeconds * 1000)
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_USER_TIMEOUT, &millis, socklen_t(MemoryLayout<UInt32>.size))
        }
    }

    /// Both ends of an AF_UNIX stream pair, non-blocking, for a session tunnelled through a jump host.
    static func pair() -> (SocketHandle, SocketHandle)? {
        var fds: [Int32] = [0, 0]
        let kind = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        guard socketpair(AF_UNIX, kind, 0, &fds) == 0 else { return nil }
        return (SocketHandle(fd: fds[0]), SocketHandle(fd: fds[1]))
    }
}
