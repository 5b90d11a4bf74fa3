import Modules
import Reporting
import Values

/// How a task with `async:` ends, in Ansible's words and shapes.
extension ModuleInvocation {
    /// Actions Ansible runs on the controller or that move files themselves refuse `async`.
    static let actionsWithoutAsync: Set<String> = ["assemble", "copy", "fetch", "raw", "script", "template", "unarchive"]

    var runsAsync: Bool { asyncSeconds > 0 }

    var supportsAsync: Bool {
        !module.spec.runsOnController && !Self.actionsWithoutAsync.contains(module.spec.name)
    }

    /// Ansible's refusal, with the traceback note its console prints before the failure.
    func asyncRefused() -> ItemOutcome {
        runner.run.reporter.report(.verbose(
            level: 0, host: nil,
            message: "An exception occurred during task execution. To see the full traceback, use -vvv. The error was: NoneType: None"))
        var values = ValueDict()
        if module.spec.name != "debug" { values["changed"] = false }
        values["exception"] = "NoneType: None\n"
        values["failed"] = true
        values["msg"] = .string("This action (\(module.spec.name)) does not support async.")
        // Not shown as a `debug` result: the action never ran, Ansible failed the task before it.
        let result = HostTaskResult(
            host: host.name, status: .failed, delegatedTo: delegateTo, result: values, action: "async",
            showDiff: context.diff)
        return ItemOutcome(result: result, values: values)
    }

    /// Ansible's line for each look at a job still running, shown at every verbosity (the
    /// first look comes `poll:` seconds after the start, so a job done by then shows none).
    func reportPoll(_ job: AsyncJob) {
        runner.run.reporter.report(.verbose(
            level: 0, host: nil, message: "ASYNC POLL on \(host.name): jid=\(shownID(job)) started=1 finished=0"))
    }

    /// A no_log result is censored before the callback sees it, job id included.
    private func shownID(_ job: AsyncJob) -> String {
        ((try? scope.bool(runner.keywords.noLog, default: false)) ?? false) ? "None" : job.id
    }

    /// The task's result from the module's answer and what the job connection saw.
    func asyncResult(_ result: ModuleResult, via connection: AsyncJobConnection) -> ModuleResult {
        guard let job = connection.job else {
            return .failure(connection.failure ?? AsyncJobError.notStarted("").message)
        }
        if connection.poll == 0 {
            AsyncJobRegistry.shared.add(
                .init(module: module, arguments: arguments, context: context), host: host.name, job: job.id)
            var started = ModuleResult(changed: true, values: job.identity(finished: false))
            started.values["failed"] = 0
            return started
        }
        guard let record = connection.record else {
            var values = job.identity(finished: false)
            values["msg"] = .string(connection.failure ?? "the async job ended without a result")
            return ModuleResult(failed: true, values: values)
        }
        var final: ModuleResult
        if case .missing = record.state {
            var values = job.identity(finished: true)
            values["msg"] = "could not find job"
            final = ModuleResult(failed: true, values: values)
        } else if record.timedOut {
            final = AsyncJobStatus.finished(record, job: job, module: nil, host: host.name)
        } else {
            final = result
            for (key, value) in job.identity(finished: true) { final.values[key] = value }
            final.values.addAsyncStreams()
        }
        final = SecretMask.apply(context.secrets, to: final)
        runner.run.reporter.report(.verbose(
            level: 0, host: nil, message: "ASYNC \(final.failed ? "FAILED" : "OK") on \(host.name): jid=\(shownID(job))"))
        return final
    }
}
