import PlaybookModel
import Reporting

extension PlayRun {
    /// Consecutive tasks that `RunAheadRules` lets each host run without waiting for the
    /// others: every host starts the first at once and goes on to the next as soon as its own
    /// result is in, so one host's round trips overlap with the others' work instead of all
    /// hosts idling at every task's end together.
    ///
    /// What a user sees stays the linear strategy's: a task's banner comes once every host has
    /// finished the tasks before it, its results as the hosts finish it, and the tasks are
    /// folded into the run (statistics, failures, notifications) in order once all are done.
    /// A host stops where a lockstep run would drop it: on an unignored failure or when it
    /// becomes unreachable.
    func runAhead(_ tasks: [(task: Task, keywords: InheritableKeywords)]) {
        let targets = activeHosts
        guard let first = targets.first else { return }
        // Everything the coordinator reads from a host is read now: from here until the hosts
        // are done, each host's state belongs to its own thread.
        let headings = tasks.map { heading(for: $0.task, keywords: $0.keywords, on: first) }
        context.takeSnapshots(hosts)
        context.activeHosts = Set(batch.filter { !$0.failed && !$0.unreachable }.map(\.name))
        let board = RunAheadBoard(tasks: tasks.count, hosts: targets.count)
        let forks = run.forks
        for host in targets {
            host.thread.submit { [context] in
                forks.withSlot {
                    for index in tasks.indices {
                        // Interrupted: this host reaches none of the tasks left.
                        if context.run.interrupted {
                            board.settle(from: index)
                            break
                        }
                        board.begin(index)
                        let runner = TaskRunner.make(play: context, host: host, taskAt: index, of: tasks)
                        let (outcome, events) = context.run.reporter.holding { runner.execute() }
                        board.post(Posted(outcome: outcome, events: events), task: index, last: outcome.dropsHost)
                        if outcome.dropsHost { break }
                    }
                }
                board.hostFinished()
            }
        }
        var folded: [[TaskOutcome]] = []
        for index in tasks.indices {
            // The task is the play's current one: every host has finished the tasks before it.
            // Its banner comes once a host has started it, its results as they arrive, as in a
            // lockstep run; no banner when no host will run it.
            var shown: [TaskOutcome] = []
            guard board.isReached(index) else { break }
            run.reporter.report(.taskStarted(name: headings[index].name, path: headings[index].path, isHandler: false))
            while true {
                let step = board.wait(for: index, beyond: shown.count)
                for posted in step.fresh {
                    run.reporter.release(posted.events)
                    run.reporter.report(.hostResult(posted.outcome.result))
                }
                shown += step.fresh.map(\.outcome)
                if step.complete { break }
            }
            let byHost = Dictionary(shown.map { ($0.result.host, $0) }, uniquingKeysWith: { first, _ in first })
            folded.append(targets.compactMap { byHost[$0.name] })
        }
        board.waitForHosts()
        for (index, outcomes) in folded.enumerated() {
            apply(outcomes, task: tasks[index].task, keywords: tasks[index].keywords, counted: true)
        }
    }

    /// The tasks from `start` on in `items` that may run ahead together, with their keywords;
    /// tasks the tags leave out are passed over (they run nowhere). Fewer than two is no gain.
    func runAheadGroup(
        _ items: [TaskItem], from start: Int, inherited: InheritableKeywords,
        leading: [(task: Task, keywords: InheritableKeywords)] = []
    ) -> (tasks: [(task: Task, keywords: InheritableKeywords)], end: Int) {
        var tasks = leading
        guard frames.isEmpty, runAheadAllowed else { return ([], start) }
        var index = start
        while index < items.count, case .task(let task) = items[index] {
            let keywords = task.keywords.inheriting(from: inherited)
            if run.tags.includes(Set(task.effectiveTags)) {
                guard RunAheadRules.taskAllows(task, keywords: keywords) else { break }
                tasks.append((task, keywords))
            }
            index += 1
        }
        return tasks.count >= 2 ? (tasks, index) : ([], start)
    }

    /// The held-back leading tasks, each in lockstep, when no group could take them along.
    func runLeadingAlone() {
        let leading = runAheadLeading
        runAheadLeading = []
        for entry in leading { runTask(entry.task, keywords: entry.keywords, hosts: batch.filter(\.isActive)) }
    }
}

extension TaskOutcome {
    /// The outcome makes a linear run leave the host out of the play's later tasks.
    var dropsHost: Bool {
        switch result.status {
        case .failed, .unreachable: return !result.ignored
        default: return false
        }
    }
}

/// A host's outcome of one task with what its thread reported meanwhile.
struct Posted {
    var outcome: TaskOutcome
    var events: [RunEvent]
}

/// The results of a run-ahead, posted by the hosts' threads as they come and read in task
/// order by the play's thread.
final class RunAheadBoard: @unchecked Sendable {
    private let condition = Condition()
    private var arrived: [[Posted]]
    /// Per task, how many hosts have either posted it or will never reach it.
    private var settled: [Int]
    /// Per task, how many hosts have started it.
    private var started: [Int]
    private var running: Int
    private let hostCount: Int

    init(tasks: Int, hosts: Int) {
        arrived = Array(repeating: [], count: tasks)
        settled = Array(repeating: 0, count: tasks)
        started = Array(repeating: 0, count: tasks)
        running = hosts
        hostCount = hosts
    }

    /// A host's outcome of task `index`; `last` when the host goes no further. Both in one
    /// step, so the play's thread never sees a host as still to come for a task it will skip.
    func post(_ outcome: Posted, task index: Int, last: Bool) {
        condition.withLock {
            arrived[index].append(outcome)
            settled[index] += 1
            if last { settleLocked(from: index + 1) }
            condition.broadcast()
        }
    }

    /// A host stops before task `index`: it reaches none from there on.
    func settle(from index: Int) {
        condition.withLock {
            settleLocked(from: index)
            condition.broadcast()
        }
    }

    func hostFinished() {
        condition.withLock {
            running -= 1
            condition.broadcast()
        }
    }

    /// A host starts task `index` (it will post it).
    func begin(_ index: Int) {
        condition.withLock {
            started[index] += 1
            condition.broadcast()
        }
    }

    /// Whether any host reaches task `index`: waits until one has started it or every host is
    /// known not to (an interrupt, or a failure, stopping it before).
    func isReached(_ index: Int) -> Bool {
        condition.withLock {
            while started[index] == 0, settled[index] < hostCount { condition.wait() }
            return started[index] > 0
        }
    }

    /// Waits for outcomes of task `index` beyond the first `seen`, or for the task to be
    /// complete; returns those outcomes and whether it is.
    func wait(for index: Int, beyond seen: Int) -> (fresh: [Posted], complete: Bool) {
        condition.withLock {
            while arrived[index].count == seen, settled[index] < hostCount { condition.wait() }
            return (Array(arrived[index][seen...]), settled[index] == hostCount)
        }
    }

    func waitForHosts() {
        condition.withLock {
            while running > 0 { condition.wait() }
        }
    }

    private func settleLocked(from index: Int) {
        for later in index..<settled.count { settled[later] += 1 }
    }
}
