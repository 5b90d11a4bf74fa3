import PlaybookModel
import Reporting
import Values

#if canImport(Glibc)
    import Glibc
#endif

/// `wait_for_connection`: runs `ping` on the host until it answers, dropping a failed session
/// and connecting anew for each attempt, as Ansible's action does; `elapsed` is whole seconds.
struct WaitForConnection {
    let invocation: ModuleInvocation
    var arguments: ValueDict { invocation.arguments }

    func perform() -> ItemOutcome {
        let delay = arguments["delay"]?.intValue ?? 0
        let pause = max(arguments["sleep"]?.intValue ?? 1, 0)
        let timeout = arguments["timeout"]?.intValue ?? 600
        let started = Clock.monotonic()
        func elapsed() -> Int { Int(Clock.monotonic() - started) }
        if delay > 0 { sleep(Double(delay)) }
        let deadline = Clock.monotonic() + Double(timeout)
        var task = Task(module: "ping", moduleMark: invocation.task.moduleMark, mark: invocation.task.mark)
        task.name = invocation.task.name
        let ping: ModuleInvocation
        do {
            ping = try ModuleInvocation.prepare(
                task: task, keywords: invocation.runner.keywords, scope: invocation.scope, play: invocation.runner.play,
                host: invocation.host)
        } catch {
            return invocation.outcome(.failed, ["failed": true, "changed": false, "msg": .string(error.diagnostic.rendered)])
        }
        var reason = "no attempt was made"
        // As Ansible's loop: attempts until the timeout has passed, sleeping after each failure.
        while Clock.monotonic() < deadline, !invocation.runner.run.interrupted {
            let attempt = ping.perform()
            if attempt.result.status == .ok || attempt.result.status == .changed {
                return invocation.outcome(.ok, ["elapsed": .int(elapsed()), "failed": false, "changed": false])
            }
            reason = attempt.values["msg"]?.renderedText ?? "no answer"
            // The next attempt connects anew: a session that failed once is not trusted again.
            invocation.host.closeConnections()
            sleep(Double(pause))
        }
        return invocation.outcome(.failed, [
            "changed": false, "elapsed": .int(elapsed()), "failed": true,
            "msg": .string("timed out waiting for ping module test: \(reason)"),
        ])
    }

    private func sleep(_ seconds: Double) {
        let end = Clock.monotonic() + seconds
        while !invocation.runner.run.interrupted {
            let left = end - Clock.monotonic()
            if left <= 0 { return }
            usleep(UInt32(min(left, 0.2) * 1_000_000))
        }
    }
}
