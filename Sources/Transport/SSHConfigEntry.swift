/// What ~/.ssh/config says about one host, after applying every matching block
/// (first value wins; `IdentityFile` accumulates). Unset fields are nil.
public struct SSHConfigEntry: Sendable, Hashable {
    /// One hop of `ProxyJump [user@]host[:port]`.
    public struct Hop: Sendable, Hashable {
        public var user: String?
        public var host: String
        public var port: Int?
    }

    public var hostName: String?
    public var user: String?
    public var port: Int?
    public var identityFiles: [String] = []
    public var identitiesOnly: Bool?
    /// nil when not set; empty for `ProxyJump none`.
    public var proxyJump: [Hop]?
    public var strictHostKeyChecking: HostKeyPolicy?
    public var userKnownHostsFiles: [String]?
    public var connectTimeout: Double?

    public init() {}
}

extension SSHConfigEntry.Hop {
    /// Parses `[user@]host[:port]` or `[user@][v6addr]:port`; nil for something else.
    static func parse(_ text: String) -> SSHConfigEntry.Hop? {
        var rest = Substring(text)
        var user: String?
        if let at = rest.lastIndex(of: "@") {
            user = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
            if user?.isEmpty == true { return nil }
        }
        var host = rest
        var port: Int?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let value = Int(after.dropFirst()) else { return nil }
                port = value
            }
        } else if let colon = rest.lastIndex(of: ":"), rest.firstIndex(of: ":") == colon {
            host = rest[..<colon]
            guard let value = Int(rest[rest.index(after: colon)...]) else { return nil }
            port = value
        }
        guard !host.isEmpty, port.map({ (1...65535).contains($0) }) ?? true else { return nil }
        return SSHConfigEntry.Hop(user: user, host: String(host), port: port)
    }
}
