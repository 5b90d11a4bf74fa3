#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How an unknown or changed host key is treated, named as in OpenSSH's `StrictHostKeyChecking`.
public enum HostKeyPolicy: String, Sendable, Hashable {
    /// Only hosts already in known_hosts are accepted (the default).
    case strict
    /// Unknown hosts are recorded on first contact; a changed key is still refused.
    case acceptNew = "accept-new"
    /// Every key is accepted. Only when the user asked for it.
    case off
}

/// Everything needed to reach one host, after inventory variables and ~/.ssh/config are merged.
public struct SSHTarget: Sendable, Hashable {
    /// The inventory host name, used in messages.
    public var name: String
    /// What to connect to: a DNS name or an IP address.
    public var address: String
    public var port: Int
    public var user: String
    public var identityFiles: [String]
    /// Use only `identityFiles` (and agent keys matching them), as OpenSSH's `IdentitiesOnly`.
    public var identitiesOnly: Bool
    public var password: Secret?
    public var useAgent: Bool
    /// Seconds for the TCP connect, and again for the SSH handshake and authentication.
    public var connectTimeout: Double
    public var hostKeyPolicy: HostKeyPolicy
    /// Where host keys are looked up; the first file is the one `accept-new` appends to.
    public var knownHostsFiles: [String]
    /// Hosts to hop through, in order, as OpenSSH's `ProxyJump`.
    public var proxyJump: [SSHTarget]
    /// Seconds between keepalive messages while waiting; 0 disables them.
    public var keepaliveInterval: Int

    public init(
        name: String, address: String? = nil, port: Int = 22, user: String,
        identityFiles: [String] = [], identitiesOnly: Bool = false, password: Secret? = nil,
        useAgent: Bool = true, connectTimeout: Double = 10, hostKeyPolicy: HostKeyPolicy = .strict,
        knownHostsFiles: [String] = SSHTarget.defaultKnownHostsFiles, proxyJump: [SSHTarget] = [],
        keepaliveInterval: Int = 30
    ) {
        self.name = name
        self.address = address ?? name
        self.port = port
        self.user = user
        self.identityFiles = identityFiles
        self.identitiesOnly = identitiesOnly
        self.password = password
        self.useAgent = useAgent
        self.connectTimeout = connectTimeout
        self.hostKeyPolicy = hostKeyPolicy
        self.knownHostsFiles = knownHostsFiles
        self.proxyJump = proxyJump
        self.keepaliveInterval = keepaliveInterval
    }

    /// `~/.ssh/known_hosts`, as OpenSSH's default `UserKnownHostsFile`.
    public static var defaultKnownHostsFiles: [String] {
        [PathExpansion.expandTilde("~/.ssh/known_hosts")]
    }

    /// The name host keys are recorded under: `host`, or `[host]:port` off port 22.
    public var knownHostsName: String {
        port == 22 ? address : "[\(address)]:\(port)"
    }
}
