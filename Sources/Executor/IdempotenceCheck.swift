import Reporting

/// `--verify-idempotence`: watches the second pass and names every task that changed there.
final class IdempotenceCheck: Reporter, @unchecked Sendable {
    private let lock = Condition()
    private var currentTask = ""
    private var changes: [(task: String, host: String)] = []

    func report(_ event: RunEvent) {
        lock.withLock {
            switch event {
            case .taskStarted(let name, _, _):
                currentTask = name
            case .hostResult(let result) where result.status == .changed:
                changes.append((result.task?.name ?? currentTask, result.host))
            default:
                break
            }
        }
    }

    var changedTasks: [(task: String, host: String)] { lock.withLock { changes } }

    func report() -> String {
        var text = "\nERROR: the playbook is not idempotent: the second run changed \(changedTasks.count) task result(s):\n"
        for change in changedTasks { text += "  - [\(change.host)] \(change.task)\n" }
        return text
    }
}
