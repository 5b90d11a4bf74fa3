import Diagnostics
import PlaybookModel
import Reporting
import Templating
import Values

extension PlayRun {
    /// The `free` strategy: every host of the batch goes through facts, the sections and their
    /// handlers on its own, so a fast host finishes the play while a slow one is still busy.
    ///
    /// Each host gets its own `PlayRun` (its batch is that one host) driven from a thread of its
    /// own; the task itself still runs on the host's connection thread, within `--forks`. What
    /// must cross hosts — `end_play`, `end_batch`, the abort of the playbook — goes through the
    /// shared `PlayFlags`.
    ///
    /// As in ansible-core's free strategy: `run_once` and `any_errors_fatal` are warned about
    /// and do not apply, `max_fail_percentage` is not checked, `flush_handlers` and `end_host`
    /// act on the host that reaches them, `end_play` and `end_batch` stop every host at its
    /// next task.
    func runFree() {
        flags.batchEnded = false
        let group = CompletionGroup()
        let hostRuns = batch.map { host in
            let hostRun = PlayRun(context: context, hosts: [host], flags: flags, isFreeHostRun: true)
            hostRun.batch = [host]
            hostRun.startReached = run.startReached
            return hostRun
        }
        // A coordinator thread per host: the host's own thread must stay free to run its tasks.
        let coordinators = batch.map { HostThread(name: "free-" + $0.name) }
        group.enter(hostRuns.count)
        for (hostRun, coordinator) in zip(hostRuns, coordinators) {
            coordinator.submit {
                hostRun.runSections()
                group.leave()
            }
        }
        group.wait()
        for coordinator in coordinators { coordinator.stop() }
        flags.batchEnded = false
    }

    /// `--start-at-task`: under `free` each host starts at the named task itself; the run-wide
    /// flag alone would let a host that is behind run the tasks before it once another host
    /// reached it.
    func startAllowed(_ task: Task) -> Bool {
        guard isFreeHostRun, let name = run.options.startAtTask else { return run.startAt(task) }
        if !startReached, task.name == name || task.displayName == name {
            startReached = true
            _ = run.startAt(task)
        }
        return startReached
    }

    /// What the banner of `task` says on `host`: its name templated with that host's variables,
    /// or left as written when it cannot be (a loop variable, say), as ansible-core does.
    func heading(for task: Task, keywords: InheritableKeywords, on host: HostState) -> TaskHeading {
        let location = task.mark.isSynthetic ? nil : "\(PlayRun.absolute(task.mark.file)):\(task.mark.line)"
        var name = task.displayName
        if name.contains("{{") || name.contains("{%") {
            let scope = context.scope(for: host, role: task.role, keywords: keywords)
            if let rendered = try? scope.render(.string(name), at: task.mark).renderedText { name = rendered }
        }
        let id = "\(task.mark.file):\(task.mark.line):\(task.mark.column):\(task.isHandler):\(task.displayName)"
        return TaskHeading(id: id, name: name, path: location, isHandler: task.isHandler)
    }

    /// ansible-core warns when a free play asks for what only a lockstep run can do.
    func warnAboutLockstepKeywords(runOnce: Bool, anyErrorsFatal: Bool) {
        if runOnce {
            run.warn(
                "Using run_once with the free strategy is not currently supported. This task will still be "
                    + "executed for every host in the inventory list.")
        }
        if anyErrorsFatal {
            run.warn(
                "Using any_errors_fatal with the free strategy is not supported, as tasks are executed "
                    + "independently on each host")
        }
    }
}
