import Reporting

#if canImport(Glibc)
    import Glibc
#endif

/// The run's reporter, able to hold back what one thread reports.
///
/// While a host runs ahead of the play's lockstep (`PlayRun.runAhead`), what its thread
/// reports during a task (loop items, retries, async polls, warnings) must not reach the
/// console before that task's banner, which comes only once every host has finished the tasks
/// before it. The host's thread holds its events around each task; the play's thread passes
/// them on, with the task's result, in the lockstep's order. Every other thread, and every
/// thread outside a hold, reports straight through.
final class HeldEvents: Reporter, @unchecked Sendable {
    private let target: any Reporter
    private let lock = Condition()
    private var held: [pthread_t: [RunEvent]] = [:]

    init(forwardingTo target: any Reporter) {
        self.target = target
    }

    func report(_ event: RunEvent) {
        let thread = pthread_self()
        let kept = lock.withLock { () -> Bool in
            guard held[thread] != nil else { return false }
            held[thread]?.append(event)
            return true
        }
        if !kept { target.report(event) }
    }

    /// Secrets take effect at once: a held event is printed later, and must be masked then.
    func addSecrets(_ secrets: [String]) {
        target.addSecrets(secrets)
    }

    /// Runs `body` with the calling thread's events held; returns its value and those events.
    func holding<T>(_ body: () -> T) -> (value: T, events: [RunEvent]) {
        let thread = pthread_self()
        lock.withLock { held[thread] = [] }
        let value = body()
        let events = lock.withLock { held.removeValue(forKey: thread) ?? [] }
        return (value, events)
    }

    /// Passes events on that were held.
    func release(_ events: [RunEvent]) {
        for event in events { target.report(event) }
    }
}
