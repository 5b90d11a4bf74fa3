import Diagnostics
import Modules
import Planner
import PlaybookModel
import Reporting
import Templating
import Values

/// Runs one play: its hosts in `serial` batches, facts, the task sections with their handlers,
/// blocks with rescue/always, and the rules that stop a play early.
///
/// Under the `linear` strategy every host finishes a task before any host starts the next.
/// Under `free` each host of a batch goes through the task list on its own (see `runFree`).
final class PlayRun {
    let context: PlayContext
    let hosts: [HostState]
    var run: RunShared { context.run }
    var play: Play { context.play }
    /// Blocks with a `rescue:` being run, innermost last: a host failing inside one is caught.
    var frames: [BlockFrame] = []
    /// What stops hosts across the play; shared by the per-host runs of the `free` strategy.
    let flags: PlayFlags
    /// This run is one host's own way through a batch under the `free` strategy.
    let isFreeHostRun: Bool
    var batch: [HostState] = []
    /// Under `free`, this host reached `--start-at-task` (or it was reached before the batch).
    var startReached = false
    /// The batch's hosts may run ahead of each other where the tasks allow it (`RunAheadRules`).
    var runAheadAllowed = false
    /// Tasks that go first in the next run-ahead group: the fact gathering, held back until the
    /// first section shows which tasks may follow it without a pause.
    var runAheadLeading: [(task: Task, keywords: InheritableKeywords)] = []

    /// The play stopped for every host (`any_errors_fatal`, `max_fail_percentage`, `end_play`),
    /// or, under `free`, `end_batch` ended the batch for every host.
    var stopped: Bool {
        get { flags.stopped || (isFreeHostRun && flags.batchEnded) }
        set { flags.stopped = newValue }
    }

    /// The play ended so badly that the playbook's later plays must not start: it was aborted
    /// (`any_errors_fatal`, `max_fail_percentage`), or every host of a batch failed.
    var breaksPlaybook: Bool {
        get { flags.breaksPlaybook }
        set { flags.breaksPlaybook = newValue }
    }

    init(context: PlayContext, hosts: [HostState], flags: PlayFlags = PlayFlags(), isFreeHostRun: Bool = false) {
        self.context = context
        self.hosts = hosts
        self.flags = flags
        self.isFreeHostRun = isFreeHostRun
    }

    var isFree: Bool { play.strategy?.value == .free }

    func execute() {
        let pattern = play.hosts.value
        guard !hosts.isEmpty else {
            run.reporter.report(.playStarted(name: play.name ?? pattern, hostPattern: pattern, hosts: []))
            run.reporter.report(.noHostsMatched(pattern: pattern))
            return
        }
        var varsFilesProblems = loadVarsFiles()
        // ansible-core 2.18 runs a play whose vars file is missing as if it named none (its
        // variables are then undefined where used); a warning still says which file it was.
        let missing = varsFilesProblems.filter { $0.kind == .io }
        varsFilesProblems.removeAll { $0.kind == .io }
        if !missing.isEmpty {
            let warnings = missing.map { problem -> Diagnostic in
                var warning = problem
                warning.severity = .warning
                return warning
            }
            Runner.writeError(DiagnosticPrinter.forStandardError().render(warnings))
        }
        for batch in batches() {
            if stopped || run.interrupted { break }
            // Each `serial` batch starts with its own PLAY banner, as in Ansible.
            run.reporter.report(.playStarted(name: play.name ?? pattern, hostPattern: pattern, hosts: batch.map(\.name)))
            // As ansible-playbook does, a missing vars file ends the run after the play's banner.
            if !varsFilesProblems.isEmpty {
                run.failInput(varsFilesProblems)
                stopped = true
                breaksPlaybook = true
                break
            }
            self.batch = batch
            context.batchHosts = batch.map(\.name)
            for host in batch where host.endedPlay { host.endedPlay = false }
            runBatch()
            // Every host of the batch failed: later batches would most likely fail the same way.
            if batch.allSatisfy({ $0.failed || $0.unreachable }) {
                stopped = true
                breaksPlaybook = true
            }
        }
        for host in hosts { host.endedPlay = false }
    }

    private func batches() -> [[HostState]] {
        var steps: [SerialStep] = []
        let scope = context.scope(for: hosts[0], role: nil, keywords: play.keywords)
        for entry in play.serial {
            switch entry {
            case .literal(let value, _): steps.append(value.step)
            case .template(let text, let mark):
                let rendered = (try? scope.render(.string(text), at: mark))?.renderedText ?? text
                if let step = Play.SerialValue.parse(rendered)?.step { steps.append(step) }
            }
        }
        return SerialBatches.split(hosts, serial: steps)
    }

    private func runBatch() {
        runAheadAllowed = RunAheadRules.playAllows(self)
        if isFree {
            runFree()
        } else {
            runSections()
        }
    }

    /// Facts, then pre_tasks, roles, tasks and post_tasks, each section with its handlers.
    func runSections() {
        if gatherFacts() {
            // Where the first tasks may run ahead, each host goes on to them as soon as its own
            // facts are in (`runItems` takes the gathering as the start of its first group).
            let facts = FactGathering(playRun: self)
            if runAheadAllowed, run.tags.includes(Set(facts.task.task.effectiveTags)),
                RunAheadRules.taskAllows(facts.task.task, keywords: facts.task.keywords)
            {
                runAheadLeading = [facts.task]
            } else {
                facts.gather(on: batch.filter(\.isActive))
            }
        }
        runSection(play.preTasks)
        for role in play.roles where !stopped {
            runItems(role.tasks, inherited: role.keywords.inheriting(from: play.keywords))
        }
        runSection(play.tasks, flush: false)
        flushHandlers()
        runSection(play.postTasks)
        // No section had a task to take the gathering along: it runs on its own.
        if !runAheadLeading.isEmpty { runLeadingAlone() }
    }

    private func runSection(_ items: [TaskItem], flush: Bool = true) {
        runItems(items, inherited: play.keywords)
        if flush { flushHandlers() }
    }

    private func gatherFacts() -> Bool {
        guard let first = batch.first else { return false }
        let scope = context.scope(for: first, role: nil, keywords: play.keywords)
        return (try? scope.bool(play.gatherFacts, default: true)) ?? true
    }

    /// Hosts that take part in the next task: not failed, not caught by an enclosing rescue.
    var activeHosts: [HostState] {
        batch.filter { host in host.isActive && !frames.contains { $0.failed.contains(host.name) } }
    }

    /// `vars_files:` per host: the first candidate that exists, its name templated per host.
    /// Returns what stops the play: each distinct problem once, however many hosts met it.
    private func loadVarsFiles() -> [Diagnostic] {
        guard !play.varsFiles.isEmpty else { return [] }
        var problems: [Diagnostic] = []
        for host in hosts {
            let scope = context.scope(for: host, role: nil, keywords: play.keywords)
            var merged = ValueDict()
            for file in play.varsFiles {
                do {
                    merged.merge(try VarsFileLoader.load(file, scope: scope, baseDirectory: context.playbook.directory))
                } catch {
                    for problem in error.diagnostics where !problems.contains(problem) { problems.append(problem) }
                }
            }
            context.varsFiles[host.name] = merged
        }
        return problems
    }
}

/// What ends a play early, shared between threads under the `free` strategy.
final class PlayFlags: @unchecked Sendable {
    private let lock = Condition()
    private var _stopped = false
    private var _breaksPlaybook = false
    private var _batchEnded = false

    var stopped: Bool {
        get { lock.withLock { _stopped } }
        set { lock.withLock { _stopped = newValue } }
    }

    var breaksPlaybook: Bool {
        get { lock.withLock { _breaksPlaybook } }
        set { lock.withLock { _breaksPlaybook = newValue } }
    }

    /// `meta: end_batch` under `free`: every host of the batch stops where it is.
    var batchEnded: Bool {
        get { lock.withLock { _batchEnded } }
        set { lock.withLock { _batchEnded = newValue } }
    }
}

/// The hosts that failed inside a block whose `rescue:` will run for them.
final class BlockFrame {
    var failed: Set<String> = []
}

extension Play.SerialValue {
    var step: SerialStep {
        switch self {
        case .count(let n): return .count(n)
        case .percent(let p): return .percent(Double(p))
        }
    }

    /// `serial: "{{ batch }}"` rendered: `3` or `30%`.
    static func parse(_ text: String) -> Play.SerialValue? {
        let trimmed = text.trimmingWhitespace()
        if trimmed.hasSuffix("%"), let p = Int(trimmed.dropLast()) { return .percent(p) }
        return Int(trimmed).map { .count($0) }
    }
}
