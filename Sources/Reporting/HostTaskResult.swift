import Values

/// How one task ended on one host, in the words of the console (`ok`, `changed`, …).
public enum TaskStatus: String, Sendable, Hashable, CaseIterable {
    case ok, changed, failed, skipped, unreachable
}

/// One task's outcome on one host (or one loop item of it), as the executor hands it to reporters.
public struct HostTaskResult: Sendable, Hashable {
    public var host: String
    public var status: TaskStatus
    /// The host the task really ran on when it was delegated (`ok: [h1 -> localhost]`).
    public var delegatedTo: String?
    /// The loop item this result is for, already rendered and masked by the executor.
    public var itemLabel: String?
    /// A failure the task's `ignore_errors` (or `ignore_unreachable`) let pass.
    public var ignored: Bool
    /// A failure caught by a block's `rescue`.
    public var rescued: Bool
    /// The module's result as registered (`msg`, `stdout`, `rc`, `diff`, …). The executor masks
    /// secrets it knows of; reporters mask again with their own list before writing anything.
    public var result: ValueDict
    /// The task said `no_log: true`: only a fixed sentence (and `changed`) may be shown.
    public var noLog: Bool
    public var duration: Double
    /// Seconds since the epoch when the task started on this host.
    public var startedAt: Double
    /// The module that ran (`apt`, `debug`, …): `debug` results print as Ansible prints them, and
    /// machine-readable reports carry it as `action`. Empty when unknown.
    public var action: String
    /// The task this result belongs to, when results of different tasks interleave (the
    /// `free` strategy): reporters then show and file each result under its own task instead
    /// of the one last started. `nil` under the linear strategy, where `taskStarted` says it.
    public var task: TaskHeading?
    /// Whether the task ran in diff mode (its `diff:` keyword, else `--diff`): like Ansible,
    /// a console shows a result's diff only then, whatever the run's own flag. `nil` leaves it
    /// to the reporter's setting.
    public var showDiff: Bool?

    public init(
        host: String, status: TaskStatus, delegatedTo: String? = nil, itemLabel: String? = nil,
        ignored: Bool = false, rescued: Bool = false, result: ValueDict = ValueDict(),
        noLog: Bool = false, duration: Double = 0, startedAt: Double = 0, action: String = "",
        task: TaskHeading? = nil, showDiff: Bool? = nil
    ) {
        self.host = host
        self.status = status
        self.delegatedTo = delegatedTo
        self.itemLabel = itemLabel
        self.ignored = ignored
        self.rescued = rescued
        self.result = result
        self.noLog = noLog
        self.duration = duration
        self.startedAt = startedAt
        self.action = action
        self.task = task
        self.showDiff = showDiff
    }

    /// The delegated host's `ansible_host`, when the inventory gives it one.
    public var delegatedAddress: String?

    /// `h1`, or `h1 -> db1` when delegated elsewhere, with the address as `h1 -> db1(10.0.0.5)`
    /// when the delegated host's `ansible_host` is not its name, as Ansible labels results.
    public var hostLabel: String {
        guard let delegatedTo, !delegatedTo.isEmpty, delegatedTo != host else { return host }
        guard let delegatedAddress, !delegatedAddress.isEmpty, delegatedAddress != delegatedTo else {
            return "\(host) -> \(delegatedTo)"
        }
        return "\(host) -> \(delegatedTo)(\(delegatedAddress))"
    }

    /// Whether the run treats this result as a failure of the host (not ignored, not rescued).
    public var isHostFailure: Bool {
        switch status {
        case .failed: return !ignored && !rescued
        case .unreachable: return !ignored
        case .ok, .changed, .skipped: return false
        }
    }
}

/// What a task banner shows, and which task it is: `id` tells two tasks of the same name apart.
public struct TaskHeading: Sendable, Hashable {
    public var id: String
    public var name: String
    /// `file:line`, shown at `-vv`.
    public var path: String?
    public var isHandler: Bool

    public init(id: String, name: String, path: String?, isHandler: Bool) {
        self.id = id
        self.name = name
        self.path = path
        self.isHandler = isHandler
    }
}
