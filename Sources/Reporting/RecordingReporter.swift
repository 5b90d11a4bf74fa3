/// Keeps every event it is sent, for tests of the code that reports (the executor's, say):
/// the fake that ships beside the real reporters, and like them safe to call from many threads.
public final class RecordingReporter: Reporter, @unchecked Sendable {
    private let lock = ReportLock()
    // Guarded by `lock`.
    private var recorded: [RunEvent] = []
    private var recordedSecrets: [String] = []

    public init() {}

    public func report(_ event: RunEvent) {
        lock.withLock { recorded.append(event) }
    }

    public func addSecrets(_ secrets: [String]) {
        lock.withLock { recordedSecrets += secrets }
    }

    /// Every event, in the order the reporter received them.
    public var events: [RunEvent] {
        lock.withLock { recorded }
    }

    /// The secrets announced with `addSecrets`.
    public var secrets: [String] {
        lock.withLock { recordedSecrets }
    }

    /// The final results (`hostResult`), in order.
    public var results: [HostTaskResult] {
        events.compactMap { event in
            if case .hostResult(let result) = event { return result }
            return nil
        }
    }

    /// The final result of the task named `task` on `host`, if there was one.
    public func result(of task: String, on host: String) -> HostTaskResult? {
        var current: String?
        var found: HostTaskResult?
        for event in events {
            switch event {
            case .taskStarted(let name, _, _): current = name
            case .hostResult(let result) where (result.task?.name ?? current) == task && result.host == host:
                found = result
            default: break
            }
        }
        return found
    }

    /// The recap counters the run ended with, if it ended.
    public var finalStats: RunStats? {
        for case .playbookFinished(let stats) in events.reversed() { return stats }
        return nil
    }
}
