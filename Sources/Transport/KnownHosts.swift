import Diagnostics

/// The host keys recorded in OpenSSH known_hosts files.
///
/// Understands plain and hashed (`|1|salt|hash`) host fields, `[host]:port`, wildcard and negated
/// patterns, comments, `@revoked` (a revoked key is always refused) and tolerates
/// `@cert-authority` lines (certificates are not used for host authentication here).
/// Malformed lines are skipped, as OpenSSH does, and reported in `problems`.
public struct KnownHosts: Sendable {
    public struct Entry: Sendable, Hashable {
        public enum Marker: String, Sendable, Hashable {
            case none
            case revoked = "@revoked"
            case certAuthority = "@cert-authority"
        }
        public var marker: Marker
        public var hosts: HostField
        public var keyType: String
        public var keyBlob: [UInt8]
        public var file: String
        public var line: Int

        public var location: String { "\(file):\(line)" }
        public var fingerprint: String { Fingerprint.sha256(keyBlob) }
    }

    /// The first field of a line: host patterns, or a salted hash of one host name.
    public enum HostField: Sendable, Hashable {
        case patterns([String])
        case hashed(salt: [UInt8], hash: [UInt8])

        public func matches(_ name: String) -> Bool {
            switch self {
            case .patterns(let patterns):
                return HostPattern.matches(name, patterns: patterns)
            case .hashed(let salt, let hash):
                return Digest.hmacSHA1(key: salt, message: Array(name.utf8)) == hash
            }
        }
    }

    public private(set) var entries: [Entry] = []
    /// Lines that were skipped because they could not be understood.
    public private(set) var problems: [Diagnostic] = []
    /// Where to look for a host: entries whose patterns are plain names, by lowercased name,
    /// and the rest (hashed, wildcard or negated), which are matched one by one. A fleet's
    /// known_hosts of a few hundred plain lines cost every connection a pattern match per line
    /// and per lookup otherwise.
    private var byName: [String: [Int]] = [:]
    private var matchedOneByOne: [Int] = []

    public init() {}

    public static func parse(_ text: String, file: String) -> KnownHosts {
        var result = KnownHosts()
        result.add(text, file: file)
        return result
    }

    /// Reads every file that exists; a missing file is an empty one, as for OpenSSH.
    public static func load(files: [String]) -> KnownHosts {
        var result = KnownHosts()
        for file in files {
            if let parsed = ParseCache.shared.knownHosts(file: file) {
                result.append(contentsOf: parsed)
            }
        }
        return result
    }

    /// Adds everything another set holds, in order (combines the per-file parses of `load`).
    mutating func append(contentsOf other: KnownHosts) {
        // Shares the cached parse instead of copying it: every connection holds its set during the
        // handshake, and at 200 hosts the copies of a 640-line file were 7 MB of the heap's peak.
        if entries.isEmpty && problems.isEmpty {
            self = other
            return
        }
        let offset = entries.count
        for (name, indices) in other.byName { byName[name, default: []] += indices.map { $0 + offset } }
        matchedOneByOne += other.matchedOneByOne.map { $0 + offset }
        entries += other.entries
        problems += other.problems
    }

    private mutating func index(_ entry: Entry) {
        let position = entries.count
        entries.append(entry)
        guard case .patterns(let patterns) = entry.hosts, !patterns.contains(where: Self.needsPatternMatching) else {
            matchedOneByOne.append(position)
            return
        }
        var keys: [String] = []
        for pattern in patterns {
            let key = Self.indexKey(pattern)
            if !keys.contains(key) { keys.append(key) }
        }
        for key in keys { byName[key, default: []].append(position) }
    }

    public mutating func add(_ text: String, file: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in add(lines: buffer, file: file) }
    }

    private mutating func add(lines buffer: UnsafeBufferPointer<UInt8>, file: String) {
        var lineNumber = 0
        var lineStart = 0
        // Split on the newline byte; a "\r" left at a line's end is dropped by the line parsers.
        for end in 0...buffer.count where end == buffer.count || buffer[end] == UInt8(ascii: "\n") {
            defer { lineStart = end + 1 }
            lineNumber += 1
            switch Self.parseLine(UnsafeBufferPointer(rebasing: buffer[lineStart..<end]), file: file, number: lineNumber) {
            case .entry(let entry): index(entry)
            case .blank: continue
            case .problem(let column, let message):
                problems.append(
                    .error(
                        .syntax, message, at: Mark(file: file, line: lineNumber, column: column),
                        hint: "the line is ignored"))
            }
        }
    }

    /// Entries (any marker) whose host field matches `host` on `port`.
    public func lookup(host: String, port: Int = 22) -> [Entry] {
        let name = port == 22 ? host : "[\(host)]:\(port)"
        var positions = byName[Self.indexKey(name)] ?? []
        positions += matchedOneByOne.filter { entries[$0].hosts.matches(name) }
        return positions.sorted().map { entries[$0] }
    }

    /// The key types recorded for the host, in the order of the files, without revoked keys
    /// and certificate authorities; used to ask the server for exactly those types.
    public func recordedKeyTypes(host: String, port: Int = 22) -> [String] {
        var types: [String] = []
        for entry in lookup(host: host, port: port) where entry.marker == .none {
            if !types.contains(entry.keyType) { types.append(entry.keyType) }
        }
        return types
    }

    /// What the files say about `keyBlob` offered by `host`.
    public func check(host: String, port: Int = 22, keyBlob: [UInt8]) -> HostKeyCheck {
        let matching = lookup(host: host, port: port)
        let revoked = entries.first { $0.marker == .revoked && $0.keyBlob == keyBlob }
        if let revoked { return .revoked(revoked) }
        let plain = matching.filter { $0.marker == .none }
        if let hit = plain.first(where: { $0.keyBlob == keyBlob }) { return .match(hit) }
        if plain.isEmpty { return .notFound }
        let offeredType = Fingerprint.keyType(ofBlob: keyBlob)
        let sameType = plain.filter { $0.keyType == offeredType }
        return .mismatch(recorded: sameType.isEmpty ? plain : sameType)
    }
}

/// The verdict of known_hosts on an offered host key.
public enum HostKeyCheck: Sendable, Hashable {
    case match(KnownHosts.Entry)
    /// The host is known under other keys: the key changed (or the type offered was never
    /// recorded). Always refused except with the policy `off`.
    case mismatch(recorded: [KnownHosts.Entry])
    /// The key is listed `@revoked`.
    case revoked(KnownHosts.Entry)
    case notFound
}
