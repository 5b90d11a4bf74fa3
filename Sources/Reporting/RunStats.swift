/// The PLAY RECAP counters of one host.
public struct HostStats: Sendable, Hashable {
    public var ok = 0
    public var changed = 0
    public var unreachable = 0
    public var failed = 0
    public var skipped = 0
    public var rescued = 0
    public var ignored = 0

    public init(
        ok: Int = 0, changed: Int = 0, unreachable: Int = 0, failed: Int = 0, skipped: Int = 0,
        rescued: Int = 0, ignored: Int = 0
    ) {
        self.ok = ok
        self.changed = changed
        self.unreachable = unreachable
        self.failed = failed
        self.skipped = skipped
        self.rescued = rescued
        self.ignored = ignored
    }
}

/// Per-host counters for the whole run, counted the way Ansible's strategy counts them so that
/// recaps compare equal: a changed task also counts as ok; an ignored failure counts as ok and
/// ignored; a rescued failure counts only as rescued; an ignored unreachable counts as ok and ignored
/// (ansible-core 2.18's recap).
///
/// Record each task's final result (`RunEvent.hostResult`) once; loop items are not counted.
public struct RunStats: Sendable, Hashable {
    /// Hosts in the order they first got a result.
    public private(set) var hosts: [String] = []
    private var counters: [String: HostStats] = [:]

    public init() {}

    public subscript(host: String) -> HostStats {
        counters[host] ?? HostStats()
    }

    public mutating func record(_ r: HostTaskResult) {
        update(r.host) { stats in
            switch r.status {
            case .ok:
                stats.ok += 1
            case .changed:
                stats.ok += 1
                stats.changed += 1
            case .skipped:
                stats.skipped += 1
            case .failed where r.rescued:
                stats.rescued += 1
            case .failed where r.ignored:
                stats.ok += 1
                stats.ignored += 1
                if r.result["changed"]?.isTruthy == true { stats.changed += 1 }
            case .failed:
                stats.failed += 1
            case .unreachable where r.ignored:
                stats.ok += 1
                stats.ignored += 1
            case .unreachable:
                stats.unreachable += 1
            }
        }
    }

    /// Replaces one host's counters, for callers that keep their own tallies.
    public mutating func set(_ stats: HostStats, for host: String) {
        update(host) { $0 = stats }
    }

    public var anyFailed: Bool { counters.values.contains { $0.failed > 0 } }
    public var anyUnreachable: Bool { counters.values.contains { $0.unreachable > 0 } }

    /// Host names in Python's `sorted()` order (by code point), which the recap uses.
    public var sortedHosts: [String] {
        hosts.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
    }

    private mutating func update(_ host: String, _ change: (inout HostStats) -> Void) {
        if counters[host] == nil { hosts.append(host) }
        change(&counters[host, default: HostStats()])
    }
}
