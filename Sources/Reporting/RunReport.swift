import Values

/// Everything a run reported, kept for the machine-readable reports (JSON, JUnit) and the
/// console's JSON style: plays, their tasks, each host's final result, the recap counters.
///
/// Secrets are masked when a report is rendered, with `secrets`, whatever the executor did.
public struct RunReport: Sendable {
    public struct Task: Sendable {
        public var name: String
        public var id: String
        /// `file:line` of the task, or "" when unknown.
        public var path: String
        public var isHandler: Bool
        /// The executor's name for the task when results name it (`free` strategy).
        public var headingID: String?
        public var start: Double
        public var end: Double?
        /// Final results in the order they arrived, one per host.
        public var results: [HostTaskResult] = []
        /// Loop item results per host, for reports that want them beside the summary.
        public var items: [String: [HostTaskResult]] = [:]
    }

    public struct Play: Sendable {
        public var name: String
        public var id: String
        public var hostPattern: String
        public var hosts: [String]
        public var start: Double
        public var end: Double?
        public var tasks: [Task] = []
    }

    public var playbookPath = ""
    public var checkMode = false
    public var secrets: SecretMasker
    public private(set) var plays: [Play] = []
    /// The executor's counters once the run finished; until then, tallied from the results.
    public private(set) var stats = RunStats()
    public private(set) var isFinished = false
    public private(set) var startedAt: Double?
    public private(set) var finishedAt: Double?
    private var identifiers: ReportIdentifiers

    /// `runID` prefixes play and task ids (`<runID>-000000000001`); random when not given.
    public init(secrets: [String] = [], runID: String? = nil) {
        self.secrets = SecretMasker(secrets)
        identifiers = ReportIdentifiers(prefix: runID)
    }

    public mutating func apply(_ event: RunEvent, at time: Double) {
        switch event {
        case .playbookStarted(let path, let checkMode):
            playbookPath = path
            self.checkMode = checkMode
            startedAt = startedAt ?? time
        case .playStarted(let name, let hostPattern, let hosts):
            startedAt = startedAt ?? time
            plays.append(
                Play(
                    name: name.trimmed.isEmpty ? hostPattern : name, id: identifiers.next(),
                    hostPattern: hostPattern, hosts: hosts, start: time))
        case .taskStarted(let name, let path, let isHandler):
            ensurePlay(at: time)
            plays[plays.count - 1].tasks.append(
                Task(name: name, id: identifiers.next(), path: path ?? "", isHandler: isHandler, start: time))
        case .loopItemResult(let result):
            ensureTask(at: time, heading: result.task)
            updateCurrentTask(at: time, heading: result.task) { $0.items[result.host, default: []].append(result) }
        case .hostResult(let result):
            ensureTask(at: time, heading: result.task)
            updateCurrentTask(at: time, heading: result.task) { task in
                task.results.removeAll { $0.host == result.host }
                task.results.append(result)
            }
            if !isFinished { stats.record(result) }
        case .playbookFinished(let finalStats):
            stats = finalStats
            isFinished = true
            finishedAt = time
        case .noHostsMatched, .hostsWaiting, .warning, .deprecation, .verbose, .included, .noHostsRemaining:
            break
        }
    }

    /// The last task started, or the task a result names (`free` strategy).
    private mutating func updateCurrentTask(at time: Double, heading: TaskHeading?, _ change: (inout Task) -> Void) {
        let p = plays.count - 1
        let t = heading.flatMap { h in plays[p].tasks.lastIndex { $0.headingID == h.id } } ?? plays[p].tasks.count - 1
        change(&plays[p].tasks[t])
        plays[p].tasks[t].end = time
        plays[p].end = time
    }

    /// Results must never be lost because an event came before its play or task did.
    private mutating func ensurePlay(at time: Double) {
        if plays.isEmpty {
            plays.append(Play(name: "", id: identifiers.next(), hostPattern: "", hosts: [], start: time))
        }
    }

    private mutating func ensureTask(at time: Double, heading: TaskHeading?) {
        ensurePlay(at: time)
        if let heading, !plays[plays.count - 1].tasks.contains(where: { $0.headingID == heading.id }) {
            plays[plays.count - 1].tasks.append(
                Task(
                    name: heading.name, id: identifiers.next(), path: heading.path ?? "", isHandler: heading.isHandler,
                    headingID: heading.id, start: time))
        } else if plays[plays.count - 1].tasks.isEmpty {
            plays[plays.count - 1].tasks.append(
                Task(name: "", id: identifiers.next(), path: "", isHandler: false, start: time))
        }
    }
}
