import Diagnostics

/// The user's OpenSSH client configuration (`~/.ssh/config`), for the options that decide how a
/// host is reached: `Host` blocks with wildcard and negated patterns, `Match all` /
/// `Match host`, `Include`, and HostName (`%h`), User, Port, IdentityFile, IdentitiesOnly,
/// ProxyJump, StrictHostKeyChecking, UserKnownHostsFile, ConnectTimeout. Other keywords are
/// valid ssh options this tool does not act on and are ignored.
public struct SSHConfig: Sendable {
    /// One conditional setting: it applies when every condition of its block chain matches.
    struct Setting: Sendable {
        var conditions: [Condition]
        var keyword: String
        var arguments: [String]
        var mark: Mark
    }

    enum Condition: Sendable, Hashable {
        case hostPatterns([String])
        /// `Match` criteria other than `all`/`host`: never true, so such blocks are skipped.
        case unsupported
    }

    var settings: [Setting] = []
    /// Warnings, such as `Match` criteria that are not supported.
    public internal(set) var warnings: [Diagnostic] = []

    public init() {}

    /// Reads a config file. A missing file is an empty config; values that cannot be
    /// understood (a non-numeric Port, an unknown StrictHostKeyChecking) are all reported
    /// together as a `DiagnosticList`.
    public static func load(path: String) throws -> SSHConfig {
        guard let text = FileText.read(path) else { return SSHConfig() }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        return try parse(text, file: path, includeDirectory: directory)
    }

    public static func parse(_ text: String, file: String, includeDirectory: String? = nil) throws -> SSHConfig {
        var parser = SSHConfigParser(
            includeDirectory: includeDirectory ?? PathExpansion.expandTilde("~/.ssh"))
        parser.parse(text, file: file, outer: [], depth: 0)
        var config = SSHConfig()
        config.settings = parser.settings
        config.warnings = parser.diagnostics.filter { $0.severity != .error }
        if parser.diagnostics.contains(where: { $0.severity == .error }) { throw DiagnosticList(parser.diagnostics) }
        return config
    }

    /// The options for `host` (the name given on the command line or in the inventory).
    public func resolve(host: String) -> SSHConfigEntry {
        var entry = SSHConfigEntry()
        var seen = Set<String>()
        for setting in settings where applies(setting.conditions, to: host) {
            let keyword = setting.keyword
            if keyword == "identityfile" {
                entry.identityFiles += setting.arguments.prefix(1)
                continue
            }
            guard !seen.contains(keyword) else { continue }
            seen.insert(keyword)
            apply(setting, to: &entry)
        }
        if let name = entry.hostName { entry.hostName = Self.expandHostName(name, host: host) }
        return entry
    }

    private func applies(_ conditions: [Condition], to host: String) -> Bool {
        conditions.allSatisfy { condition in
            switch condition {
            case .hostPatterns(let patterns): return HostPattern.matches(host, patterns: patterns)
            case .unsupported: return false
            }
        }
    }

    /// Values were validated while parsing, so the conversions here cannot fail.
    private func apply(_ setting: Setting, to entry: inout SSHConfigEntry) {
        let first = setting.arguments.first ?? ""
        switch setting.keyword {
        case "hostname": entry.hostName = first
        case "user": entry.user = first
        case "port": entry.port = Int(first)
        case "identitiesonly": entry.identitiesOnly = SSHConfigParser.yesNo(first)
        case "proxyjump":
            entry.proxyJump =
                first.lowercased() == "none"
                ? [] : first.split(separator: ",").compactMap { SSHConfigEntry.Hop.parse(String($0)) }
        case "stricthostkeychecking": entry.strictHostKeyChecking = SSHConfigParser.policy(first)
        case "userknownhostsfile":
            entry.userKnownHostsFiles = first.lowercased() == "none" ? [] : setting.arguments
        case "connecttimeout": entry.connectTimeout = Double(first)
        default: break
        }
    }

    /// `%h` is the original host name and `%%` a percent sign; HostName knows no other tokens.
    static func expandHostName(_ value: String, host: String) -> String {
        var out = ""
        var iterator = value.makeIterator()
        while let character = iterator.next() {
            guard character == "%" else {
                out.append(character)
                continue
            }
            switch iterator.next() {
            case "h": out += host
            case "%": out += "%"
            case let other?: out += "%" + String(other)
            case nil: out += "%"
            }
        }
        return out
    }
}
