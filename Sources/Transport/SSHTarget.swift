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

/// `~` and `~user` at the start of a path, as ssh expands them in its config.
enum PathExpansion {
    static func expandTilde(_ path: String) -> String {
        guard path.hasPrefix("~") else { return path }
        let rest = path.dropFirst()
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let userName = String(rest[rest.startIndex..<slash])
        let home: String?
        if userName.isEmpty {
            home = currentHome()
        } else {
            home = getpwnam(userName).map { String(cString: $0.pointee.pw_dir) }
        }
        guard let home else { return path }
        return home + String(rest[slash...])
    }

    static func currentHome() -> String {
        if let value = getenv("HOME"), value.pointee != 0 { return String(cString: value) }
        if let entry = getpwuid(getuid()) { return String(cString: entry.pointee.pw_dir) }
        return "/"
    }

    /// The controller's user name, looked up once: every connection asks for it, and
    /// `getpwuid` reads the password database under a process-wide lock into a shared buffer.
    /// With 50 hosts connecting at once on a busy machine, a thread preempted inside it held
    /// every other host before its TCP connect (11 hosts queued, the last for 0.5 s).
    static func currentUser() -> String { controllerUser }

    private static let controllerUser: String = {
        var buffer = [CChar](repeating: 0, count: 4096)
        let found: String? = buffer.withUnsafeMutableBufferPointer { storage in
            var entry = passwd()
            var result: UnsafeMutablePointer<passwd>?
            guard let base = storage.baseAddress, getpwuid_r(getuid(), &entry, base, storage.count, &result) == 0,
                result != nil, let name = entry.pw_name
            else { return nil }
            return String(cString: name)
        }
        if let found { return found }
        if let value = getenv("USER") { return String(cString: value) }
        return "root"
    }()
}
