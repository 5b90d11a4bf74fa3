import Reporting

/// `--timing`: where the run's time went — the slowest tasks (slowest host and the sum over
/// hosts), the whole run, and the time spent opening connections — printed after the recap.
final class TimingReport: Reporter, @unchecked Sendable {
    private struct TaskTime {
        var name: String
        var id: String?
        var slowest: Double = 0
        var slowestHost = ""
        var total: Double = 0
        var results = 0
    }

    private let lock = Condition()
    private var tasks: [TaskTime] = []
    private let started = Clock.monotonic()

    func report(_ event: RunEvent) {
        lock.withLock {
            switch event {
            case .taskStarted(let name, _, _):
                tasks.append(TaskTime(name: name))
            case .hostResult(let result):
                guard let index = taskIndex(for: result.task) else { break }
                tasks[index].total += result.duration
                tasks[index].results += 1
                if result.duration > tasks[index].slowest {
                    tasks[index].slowest = result.duration
                    tasks[index].slowestHost = result.host
                }
            default:
                break
            }
        }
    }

    /// The last task started, or under the `free` strategy the task the result names.
    private func taskIndex(for heading: TaskHeading?) -> Int? {
        guard let heading else { return tasks.indices.last }
        if let index = tasks.lastIndex(where: { $0.id == heading.id }) { return index }
        tasks.append(TaskTime(name: heading.name, id: heading.id))
        return tasks.count - 1
    }

    /// The summary; `connectTimes` are seconds per host spent opening its connection.
    func render(connectTimes: [String: Double], limit: Int = 10) -> String {
        let elapsed = Clock.monotonic() - started
        // Tasks no host reported a result for (an include, a meta task) took no host's time.
        let ranked = lock.withLock { tasks }.filter { $0.results > 0 }
            .sorted { $0.slowest > $1.slowest }.prefix(limit)
        var out = "\nTIMING " + String(repeating: "*", count: 72) + "\n"
        out += "total run: \(Self.seconds(elapsed))"
        if let slowest = connectTimes.max(by: { $0.value < $1.value }) {
            let sum = connectTimes.values.reduce(0, +)
            out += ", connecting: \(Self.seconds(sum)) over \(connectTimes.count) hosts"
            out += " (slowest \(slowest.key) \(Self.seconds(slowest.value)))"
        }
        out += "\n"
        let width = min(60, ranked.map(\.name.count).max() ?? 0)
        for task in ranked {
            let name = task.name.count > width ? String(task.name.prefix(width - 1)) + "…" : task.name
            let dots = String(repeating: ".", count: width - name.count + 3)
            out += "  \(name) \(dots) \(Self.seconds(task.slowest)) [\(task.slowestHost)]  sum \(Self.seconds(task.total))\n"
        }
        return out
    }

    static func seconds(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)s"
    }
}
