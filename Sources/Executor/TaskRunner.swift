import Diagnostics
import Modules
import PlaybookModel
import Reporting
import Templating
import Transport
import Values

#if canImport(Glibc)
    import Glibc
#endif

/// Runs one task on one host, on that host's thread: `when`, the loop, argument templating,
/// the module, `until`/`retries`, `changed_when`/`failed_when`, `register` and `notify`.
///
/// A class: a task and its keywords take 3.2 KB, and as a struct every frame between a host's
/// job loop and its socket wait held copies of them, 48 KB of stack per host in all (24 MB of
/// resident memory at 500 hosts, each waiting for its host at once). For the same reason the
/// steps before and after the module's run are kept out of line (`@inline(never)`): inlined,
/// their locals widen the frames that stay on the stack while the host works.
final class TaskRunner {
    let play: PlayContext
    let host: HostState
    let task: Task
    /// The task's keywords with those of every enclosing block, role and play folded in.
    let keywords: InheritableKeywords
    /// Set under the `free` strategy: every result, loop items too, names its task.
    var heading: TaskHeading?
    var run: RunShared { play.run }

    init(play: PlayContext, host: HostState, task: Task, keywords: InheritableKeywords) {
        self.play = play
        self.host = host
        self.task = task
        self.keywords = keywords
    }

    /// The runner of `tasks[index]`, made out of line: a loop over the tasks that copies an entry
    /// into its own frame keeps 3.2 KB more on the stack through the whole task.
    @inline(never)
    static func make(
        play: PlayContext, host: HostState, taskAt index: Int, of tasks: [(task: Task, keywords: InheritableKeywords)]
    ) -> TaskRunner {
        TaskRunner(play: play, host: host, task: tasks[index].task, keywords: tasks[index].keywords)
    }

    func execute() -> TaskOutcome {
        let started = Clock.now()
        let scope = play.scope(for: host, role: task.role, keywords: keywords)
        var outcome: TaskOutcome
        do {
            outcome = try executeInScope(scope, started: started)
        } catch {
            outcome = failure(error.diagnostic.rendered, started: started)
        }
        outcome.result.duration = Clock.now() - started
        outcome.result.startedAt = started
        addDelegateAddress(&outcome.result)
        return outcome
    }

    private func executeInScope(_ scope: VariableScope, started: Double) throws(TemplateError) -> TaskOutcome {
        let noLog = try scope.bool(keywords.noLog, default: false)
        guard let loop = task.loop else {
            if let condition = try scope.firstFalse(keywords.when) {
                return skipped(condition, noLog: noLog)
            }
            var item = try runOnce(scope, noLog: noLog)
            register(item.values, in: scope)
            item.result.noLog = noLog
            return finish(item)
        }
        let items = try LoopExpansion.items(of: loop, scope: scope, playbookDirectory: play.playbook.directory)
        guard !items.isEmpty else {
            // ansible-core skips a task whose loop has no items, `when:` unevaluated.
            let values: ValueDict = [
                "changed": false, "skipped": true, "skipped_reason": "No items in the list", "results": [],
            ]
            register(values, in: scope)
            return TaskOutcome(result: HostTaskResult(
                host: host.name, status: .skipped, result: values, noLog: noLog, action: task.module))
        }
        return try runLoop(items, scope: scope, noLog: noLog, started: started)
    }

    /// One module run (one loop item or the whole task), with retries and result conditions.
    func runOnce(_ scope: VariableScope, noLog: Bool) throws(TemplateError) -> ItemOutcome {
        let invocation = try ModuleInvocation.prepare(task: task, keywords: keywords, scope: scope, play: play, host: host)
        if noLog { run.addSecrets(invocation.secretTexts) }
        // As ansible-core: `retries: N` allows N more attempts, with or without `until:` (then
        // until the task does not fail); `until:` alone allows 3. `retries: 0` runs it once,
        // `until:` unevaluated.
        let attempts: Int
        if task.retries != nil {
            attempts = 1 + max(0, try scope.int(task.retries, default: 3))
        } else {
            attempts = task.until.isEmpty ? 1 : 4
        }
        let delay = try scope.int(task.delay, default: 5)
        var attempt = 0
        while true {
            attempt += 1
            var item = invocation.perform()
            // A lost connection ends the attempt before the controller fills in its keys.
            if item.result.status != .unreachable {
                item.values = ResultKeyOrder.arranged(
                    item.values, module: item.result.action, attempt: attempts > 1 ? attempt : nil)
                item.result.result = item.values
            }
            if let name = task.register?.value { scope.setFinal(name, .dict(item.values)) }
            try applyResultConditions(to: &item, scope: scope)
            guard attempts > 1, item.result.status != .unreachable else { return item }
            let done: Bool
            if task.until.isEmpty {
                done = item.values["failed"]?.isTruthy != true
            } else {
                done = try scope.firstFalse(task.until) == nil
            }
            if done { return item }
            if attempt >= attempts || run.interrupted {
                // ansible-core reports the retries it was given, not the attempts made, once
                // they ran out.
                item.values["attempts"] = .int(run.interrupted ? attempt : attempts - 1)
                item.values["failed"] = true
                item.result.status = .failed
                item.result.result = item.values
                return item
            }
            reportRetry(item.result, attempt: attempt, of: attempts)
            if delay > 0 { usleep(UInt32(min(delay, 3600)) * 1_000_000) }
        }
    }

    /// Shown at every verbosity, with the host inside the message as ansible-core words it; from
    /// -vvv on with the attempt's result, which then says how many attempts it allows.
    @inline(never)
    private func reportRetry(_ result: HostTaskResult, attempt: Int, of attempts: Int) {
        var message =
            "FAILED - RETRYING: [\(host.name)]: \(heading?.name ?? task.displayName) (\(attempts - attempt) retries left)."
        let verbosity = run.options.verbosity
        if verbosity > 2 {
            var shown = result
            shown.result["retries"] = .int(attempts)
            message += "Result was: " + shown.consoleDump(verbosity: verbosity)
        }
        run.reporter.report(.verbose(level: 0, host: nil, message: message))
    }

    /// `changed_when` / `failed_when` see the result under the register name, as in Ansible.
    @inline(never)
    private func applyResultConditions(to item: inout ItemOutcome, scope: VariableScope) throws(TemplateError) {
        guard item.result.status != .unreachable, item.result.status != .skipped else { return }
        if !task.changedWhen.isEmpty {
            let changed = try scope.firstFalse(task.changedWhen) == nil
            item.values["changed"] = .bool(changed)
            if item.result.status != .failed { item.result.status = changed ? .changed : .ok }
        }
        if !task.failedWhen.isEmpty {
            let failed = try scope.firstFalse(task.failedWhen) == nil
            item.values["failed"] = .bool(failed)
            item.values["failed_when_result"] = .bool(failed)
            if failed {
                item.result.status = .failed
            } else if item.result.status == .failed {
                item.result.status = item.values["changed"]?.isTruthy == true ? .changed : .ok
            }
        }
        item.result.result = item.values
        if let name = task.register?.value { scope.setFinal(name, .dict(item.values)) }
    }

    @inline(never)
    func register(_ values: ValueDict, in scope: VariableScope) {
        guard let name = task.register?.value else { return }
        host.runVars[name] = .dict(ResultKeyOrder.registered(values))
    }

    @inline(never)
    func finish(_ item: ItemOutcome) -> TaskOutcome {
        var outcome = TaskOutcome(result: item.result, meta: item.meta)
        if item.result.status == .failed, (try? play.scope(for: host, role: task.role, keywords: keywords)
            .bool(keywords.ignoreErrors, default: false)) == true
        {
            outcome.result.ignored = true
        }
        if item.result.status == .unreachable, (try? play.scope(for: host, role: task.role, keywords: keywords)
            .bool(keywords.ignoreUnreachable, default: false)) == true
        {
            outcome.result.ignored = true
        }
        if item.result.status == .changed {
            outcome.notifications = task.notify.map(\.value)
        }
        return outcome
    }

    @inline(never)
    private func skipped(_ condition: Conditional, noLog: Bool) -> TaskOutcome {
        var values = ValueDict()
        values["changed"] = false
        values["skipped"] = true
        values["skip_reason"] = "Conditional result was False"
        values["false_condition"] = condition.resultValue
        register(values, in: play.scope(for: host, role: task.role, keywords: keywords))
        return TaskOutcome(result: HostTaskResult(
            host: host.name, status: .skipped, result: values, noLog: noLog, action: task.module))
    }

    @inline(never)
    func failure(_ message: String, started: Double) -> TaskOutcome {
        // ansible-core's result for an error before the module ran: no `changed`.
        var values = ValueDict()
        values["failed"] = true
        values["msg"] = .string(message)
        register(values, in: VariableScope(engine: run.engine))
        var outcome = finish(ItemOutcome(
            result: HostTaskResult(host: host.name, status: .failed, result: values, action: task.module),
            values: values))
        outcome.result.startedAt = started
        return outcome
    }
}

/// The result of one module run before it becomes the task's result.
struct ItemOutcome {
    var result: HostTaskResult
    var values: ValueDict
    var meta: TaskOutcome.MetaAction?
}

extension Diagnostic {
    /// One line for a task's `msg`: location, message and hint.
    var rendered: String {
        var text = description
        if let hint { text += " (\(hint))" }
        return text
    }
}

enum Clock {
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func monotonic() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
