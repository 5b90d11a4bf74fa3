import Diagnostics
import Inventory
import Planner
import PlaybookModel
import Reporting
import Templating
import Transport
import Values

/// What every part of one `playbook` invocation shares: options, inventory, the template
/// engine, reporters, and the bookkeeping that crosses hosts (statistics, secrets, interrupts).
final class RunShared: @unchecked Sendable, ReporterLog {
    let options: RunOptions
    /// The run's inventory; `add_host` and `group_by` extend it for the rest of the run.
    var inventory: Inventory { lock.withLock { _inventory } }
    private var _inventory: Inventory
    let engine = TemplateEngine()
    let extraVars: ValueDict
    let tags: TagSelection
    let reporter: HeldEvents
    let forks: ForkLimiter
    private(set) var connections: ConnectionFactory!
    private let lock = Condition()
    private var _stats = RunStats()
    private var _secrets: Set<String> = []
    private var _interrupted = false
    private var _aborted = false
    private var _hostErrorsCleared = false
    private var _delegatedFacts: [String: ValueDict] = [:]

    /// Ansible's `omit`: a value that removes the argument it is given to.
    static let omitPlaceholder = "__omit_place_holder__" + String(UInt64.random(in: 1...UInt64.max), radix: 16)

    init(options: RunOptions, inventory: Inventory, extraVars: ValueDict, reporter: any Reporter) {
        self.options = options
        self._inventory = inventory
        self.extraVars = extraVars
        self.reporter = HeldEvents(forwardingTo: reporter)
        self.tags = TagSelection(only: options.tags, skip: options.skipTags)
        self.forks = ForkLimiter(forks: options.forks)
        self.connections = ConnectionFactory(options: options, reporter: self)
        if let password = options.becomePassword { addSecrets([password.value]) }
        if let password = options.connectionPassword { addSecrets([password.value]) }
    }

    var stats: RunStats { lock.withLock { _stats } }

    /// Changes the inventory under the lock, so hosts running `group_by` at once all land.
    func updateInventory(_ change: (Inventory) throws(DiagnosticList) -> Inventory) throws(DiagnosticList) {
        let outcome: Result<Void, DiagnosticList> = lock.withLock {
            do throws(DiagnosticList) {
                _inventory = try change(_inventory)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try outcome.get()
    }

    func record(_ result: HostTaskResult) {
        lock.withLock { _stats.record(result) }
    }

    func recordHost(_ host: String) {
        lock.withLock { _stats.set(_stats[host], for: host) }
    }

    var secrets: [String] { lock.withLock { Array(_secrets) } }

    func addSecrets(_ values: [String]) {
        let fresh = values.filter { !$0.isEmpty }
        guard !fresh.isEmpty else { return }
        lock.withLock { _secrets.formUnion(fresh) }
        reporter.addSecrets(fresh)
    }

    /// `--start-at-task`: tasks before the first one with this name are passed over.
    private var _startReached = false

    /// No `--start-at-task`, or a task of that name has been reached.
    var startReached: Bool {
        options.startAtTask == nil || lock.withLock { _startReached }
    }

    func startAt(_ task: PlaybookModel.Task) -> Bool {
        guard let name = options.startAtTask else { return true }
        return lock.withLock {
            if !_startReached, task.name == name || task.displayName == name { _startReached = true }
            return _startReached
        }
    }

    /// SIGINT/SIGTERM: no new task starts; running programs finish or time out.
    var interrupted: Bool {
        get { lock.withLock { _interrupted } }
        set { lock.withLock { _interrupted = newValue } }
    }

    /// Input that only the run could check was wrong (a missing vars file): the run stops and
    /// exits as for a playbook that does not validate.
    var inputFailed: Bool { lock.withLock { _inputFailed } }
    private var _inputFailed = false

    func failInput(_ problems: [Diagnostic]) {
        lock.withLock { _inputFailed = true }
        Runner.writeError(DiagnosticPrinter.forStandardError().render(problems))
    }

    /// A play aborted for every host (`any_errors_fatal`, `max_fail_percentage`).
    var aborted: Bool {
        get { lock.withLock { _aborted } }
        set { lock.withLock { _aborted = newValue } }
    }

    /// Facts given with `delegate_facts: true` to hosts, for their `hostvars` and for the plays
    /// that run on them later.
    func delegatedFacts(for host: String) -> ValueDict? {
        lock.withLock { _delegatedFacts[host] }
    }

    func addDelegatedFacts(_ facts: ValueDict, for host: String) {
        lock.withLock { _delegatedFacts[host, default: ValueDict()].merge(facts) }
    }

    /// `meta: clear_host_errors` ran: failures before it no longer fail the run (ansible-core
    /// forgets its failed hosts), though the recap still counts them.
    var hostErrorsCleared: Bool {
        get { lock.withLock { _hostErrorsCleared } }
        set { lock.withLock { _hostErrorsCleared = newValue } }
    }

    func verbose(level: Int, message: String) {
        reporter.report(.verbose(level: level, host: nil, message: message))
    }

    func warn(_ message: String) {
        reporter.report(.warning(message))
    }
}
