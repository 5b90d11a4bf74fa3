import Diagnostics
import Modules
import PlaybookModel
import Reporting
import Templating
import Values

extension PlayRun {
    /// Runs a list of tasks, blocks and includes in order on the active hosts.
    func runItems(_ items: [TaskItem], inherited: InheritableKeywords) {
        var index = 0
        while index < items.count {
            if stopped || run.interrupted || activeHosts.isEmpty { return }
            let leading = runAheadLeading
            runAheadLeading = []
            let group = runAheadGroup(items, from: index, inherited: inherited, leading: leading)
            if !group.tasks.isEmpty {
                runAhead(group.tasks)
                index = group.end
                continue
            }
            if !leading.isEmpty {
                runAheadLeading = leading
                runLeadingAlone()
                continue
            }
            let item = items[index]
            index += 1
            switch item {
            case .task(let task):
                runTask(task, keywords: task.keywords.inheriting(from: inherited))
            case .block(let block):
                runBlock(block, inherited: block.keywords.inheriting(from: inherited))
            case .includeTasks(let include):
                runInclude(include, inherited: include.keywords.inheriting(from: inherited))
            case .includeRole(let include):
                runIncludeRole(include, inherited: include.keywords.inheriting(from: inherited))
            }
        }
    }

    /// One task on every active host (or the first, for `run_once`), in parallel up to `--forks`.
    func runTask(_ task: Task, keywords: InheritableKeywords, hosts explicit: [HostState]? = nil) {
        guard task.isHandler || run.tags.includes(Set(task.effectiveTags)) else { return }
        guard startAllowed(task) else { return }
        var targets = explicit ?? activeHosts
        guard !targets.isEmpty else { return }
        let heading = heading(for: task, keywords: keywords, on: targets[0])
        // A `meta` task's banners come once its hosts are done (`announceMeta`).
        let isMeta = task.isMeta
        if !isFreeHostRun && !isMeta {
            run.reporter.report(.taskStarted(name: heading.name, path: heading.path, isHandler: task.isHandler))
        }
        let scope = context.scope(for: targets[0], role: task.role, keywords: keywords)
        var runOnce = (try? scope.bool(keywords.runOnce, default: false)) ?? false
        if isFreeHostRun {
            warnAboutLockstepKeywords(
                runOnce: runOnce, anyErrorsFatal: (try? scope.bool(keywords.anyErrorsFatal, default: false)) ?? false)
            runOnce = false
        }
        if runOnce { targets = [targets[0]] }
        // `add_host` and `pause` bypass the host loop, as in Ansible: it runs once, on the first host, and
        // its result and registered value belong to that host alone.
        let bypassesHostLoop = task.bypassesHostLoop
        if bypassesHostLoop { targets = [targets[0]] }
        context.takeSnapshots(isFreeHostRun ? batch : hosts)
        // `ansible_play_hosts` and `ansible_play_batch` leave out the hosts that failed.
        if !isFreeHostRun { context.activeHosts = Set(batch.filter { !$0.failed && !$0.unreachable }.map(\.name)) }
        let rescuable = !frames.isEmpty
        let freeHeading = isFreeHostRun ? heading : nil
        let outcomes = dispatch(targets) { [context] host in
            let runner = TaskRunner(play: context, host: host, task: task, keywords: keywords)
            runner.heading = freeHeading
            var outcome = runner.execute()
            if outcome.result.status == .failed, !outcome.result.ignored, rescuable {
                outcome.result.rescued = true
            }
            outcome.result.task = freeHeading
            if !isMeta {
                context.run.reporter.report(.hostResult(outcome.result))
            } else if freeHeading != nil, outcome.result.status == .skipped {
                outcome.result.task = heading
                context.run.reporter.report(.hostResult(outcome.result))
            }
            return outcome
        }
        if isMeta, !isFreeHostRun { announceMeta(task, heading: heading, on: targets, outcomes: outcomes) }
        var results = targets.compactMap { outcomes[$0.name] }
        var countedHosts: Set<String>? = nil
        if runOnce, !bypassesHostLoop, let first = results.first {
            // The recap counts a `run_once` task only for the host it ran on, as ansible-core's.
            countedHosts = [first.result.host]
            results = shareRunOnce(first, task: task, among: explicit ?? activeHosts)
        }
        apply(results, task: task, keywords: keywords, counted: !isMeta, countedHosts: countedHosts)
    }

    /// ansible-core 2.18 announces a `meta` task once for every host it acts on (with the
    /// `skipping:` line of a host whose `when:` was false); the actions it runs once for the
    /// whole batch (`end_play`, `clear_facts`, …) are announced once.
    private func announceMeta(_ task: Task, heading: TaskHeading, on targets: [HostState], outcomes: [String: TaskOutcome]) {
        let action = task.arguments["_raw_params"]?.stringValue ?? "noop"
        let perHost: Set<String> = ["noop", "reset_connection", "end_host", "role_complete", "flush_handlers", "end_role"]
        for host in perHost.contains(action) ? targets : Array(targets.prefix(1)) {
            guard let outcome = outcomes[host.name] else { continue }
            run.reporter.report(.taskStarted(name: heading.name, path: heading.path, isHandler: task.isHandler))
            if outcome.result.status == .skipped { run.reporter.report(.hostResult(outcome.result)) }
        }
    }

    /// `run_once`: the first host's result and registered value stand for every host.
    private func shareRunOnce(_ outcome: TaskOutcome, task: Task, among hosts: [HostState]) -> [TaskOutcome] {
        let registered = task.register.flatMap { hosts.first?.runVars[$0.value] }
        // `set_fact` with `run_once` sets the facts on every host of the play.
        var sharedFacts: ValueDict?
        // Delegated facts (`delegate_facts: true`) go to the delegated host instead.
        if ModuleRegistry.shortName(task.module) == "set_fact", outcome.result.status == .ok,
            task.keywords.delegateFacts == nil || outcome.result.delegatedTo == nil,
            case .dict(let facts)? = outcome.result.result["ansible_facts"]
        {
            sharedFacts = facts
        }
        return hosts.map { host in
            if let name = task.register?.value, let registered { host.runVars[name] = registered }
            if let sharedFacts { host.runVars.merge(sharedFacts) }
            var copy = outcome
            copy.result.host = host.name
            return copy
        }
    }

    /// Folds a task's outcomes into the run: statistics, failures, notifications, meta actions.
    /// A `meta` task is not `counted`: ansible-core leaves it out of the recap.
    func apply(
        _ outcomes: [TaskOutcome], task: Task, keywords: InheritableKeywords, counted: Bool,
        countedHosts: Set<String>? = nil
    ) {
        var meta: Set<TaskOutcome.MetaAction> = []
        var flushing: Set<String> = []
        var anyHardFailure = false
        applyDelegatedFacts(outcomes, task: task, keywords: keywords)
        for outcome in outcomes {
            if counted, countedHosts?.contains(outcome.result.host) != false { run.record(outcome.result) }
            guard let host = batch.first(where: { $0.name == outcome.result.host }) ?? hosts.first(where: { $0.name == outcome.result.host })
            else { continue }
            switch outcome.result.status {
            case .failed where outcome.result.rescued:
                frames.last?.failed.insert(host.name)
                // What Ansible gives the rescue section (non-persistent facts, like set_fact).
                // The result is the one `register` would keep, as Ansible hands it over.
                host.runVars["ansible_failed_task"] = .dict(Self.failedTaskVariable(task))
                host.runVars["ansible_failed_result"] = .dict(outcome.result.result)
            case .failed where !outcome.result.ignored:
                host.failed = true
                anyHardFailure = true
            case .unreachable where !outcome.result.ignored:
                host.unreachable = true
                host.closeConnectionsLater()
            default:
                break
            }
            for name in outcome.notifications { host.notify(name) }
            if let action = outcome.meta {
                meta.insert(action)
                if action == .flushHandlers { flushing.insert(host.name) }
                if action == .endHost { host.endedPlay = true }
                if action == .clearHostErrors { clearHostErrors() }
            }
        }
        let fatal = (try? batch.first.map { context.scope(for: $0, role: task.role, keywords: keywords) }?
            .bool(keywords.anyErrorsFatal, default: false)) ?? false
        // Under `free` neither keyword applies: each host runs on its own (ansible-core warns).
        if !isFreeHostRun {
            if exceedsFailurePercentage() {
                stopPlay(announced: true)
            } else if anyHardFailure && fatal {
                stopPlay(announced: false)
            }
        }
        if meta.contains(.flushHandlers) { flushHandlers(only: flushing) }
        if meta.contains(.endPlay) { stopped = true }
        if meta.contains(.endBatch) {
            if isFreeHostRun { flags.batchEnded = true }
            for host in batch { host.endedPlay = true }
        }
    }

    /// `set_fact` with `delegate_to` and `delegate_facts: true`: the facts go to the delegated
    /// host (its `hostvars` and its later tasks), not to the host that ran the task.
    private func applyDelegatedFacts(_ outcomes: [TaskOutcome], task: Task, keywords: InheritableKeywords) {
        guard ModuleRegistry.shortName(task.module) == "set_fact", keywords.delegateFacts != nil else { return }
        for outcome in outcomes {
            guard outcome.result.status == .ok, let target = outcome.result.delegatedTo,
                target != outcome.result.host, case .dict(let facts)? = outcome.result.result["ansible_facts"],
                let origin = hosts.first(where: { $0.name == outcome.result.host }),
                (try? context.scope(for: origin, role: task.role, keywords: keywords).bool(keywords.delegateFacts, default: false))
                    == true
            else { continue }
            run.addDelegatedFacts(facts, for: target)
            if let state = hosts.first(where: { $0.name == target }) { state.runVars.merge(facts) }
        }
    }

    /// `meta: clear_host_errors`: ansible-core forgets every failed host of the play; those
    /// hosts take part again from the next play (this one is over for them).
    private func clearHostErrors() {
        for host in hosts where host.failed {
            host.failed = false
            host.endedPlay = true
        }
        run.hostErrorsCleared = true
    }

    /// `max_fail_percentage`: more than this share of the batch failed (strictly greater).
    private func exceedsFailurePercentage() -> Bool {
        guard let limit = play.maxFailPercentage, !batch.isEmpty else { return false }
        let threshold: Double
        switch limit {
        case .literal(let value, _): threshold = value
        case .template(let text, let mark):
            let scope = context.scope(for: batch[0], role: nil, keywords: play.keywords)
            threshold = Double((try? scope.render(.string(text), at: mark))?.renderedText ?? "") ?? 100
        }
        let failed = batch.filter { $0.failed || $0.unreachable }.count
        return Double(failed) * 100 / Double(batch.count) > threshold
    }

    /// Ends the play for every host; the run's exit status says the play was aborted.
    private func stopPlay(announced: Bool) {
        // ansible-core 2.18's linear strategy says so only when max_fail_percentage ends the
        // play, and then twice (the check and the strategy's next turn both report it); an
        // any_errors_fatal abort ends it silently.
        if announced {
            run.reporter.report(.noHostsRemaining)
            run.reporter.report(.noHostsRemaining)
        }
        stopped = true
        breaksPlaybook = true
        run.aborted = true
    }

    /// Runs `work` for each host on its own thread, at most `--forks` at once, and waits.
    func dispatch(_ hosts: [HostState], _ work: @escaping (HostState) -> TaskOutcome) -> [String: TaskOutcome] {
        let group = CompletionGroup()
        let collected = Locked<[String: TaskOutcome]>([:])
        group.enter(hosts.count)
        let forks = run.forks
        // More hosts than forks: they take their slots in the order given, as in Ansible.
        let inLine = hosts.count > forks.limit
        for host in hosts {
            let turn = inLine ? forks.turn() : nil
            host.thread.submit {
                let outcome = forks.withSlot(turn: turn) { work(host) }
                collected.mutate { $0[host.name] = outcome }
                group.leave()
            }
        }
        group.wait()
        return collected.value
    }
}

extension HostState {
    /// An unreachable host's connection is closed on its own thread, where it was used.
    func closeConnectionsLater() {
        thread.submit { [self] in closeConnections() }
    }
}

extension Task {
    /// `meta:` in any of its spellings.
    var isMeta: Bool { ["meta", "ansible.builtin.meta", "ansible.legacy.meta"].contains(module) }

    /// Runs once per play instead of once per host (Ansible's `BYPASS_HOST_LOOP` actions).
    var bypassesHostLoop: Bool { ["add_host", "pause"].contains(ModuleRegistry.shortName(module)) }
}

extension PlayRun {
    /// `ansible_failed_task`: the failing task as written (Ansible serializes the untemplated
    /// task), with the fields rescue sections read.
    static func failedTaskVariable(_ task: Task) -> ValueDict {
        var variable = ValueDict()
        variable["name"] = task.name.map(Value.string) ?? .string("")
        variable["action"] = .string(task.module)
        variable["args"] = .dict(task.arguments)
        variable["tags"] = .list(task.effectiveTags.map(Value.string))
        variable["register"] = task.register.map { .string($0.value) } ?? .null
        return variable
    }
}
