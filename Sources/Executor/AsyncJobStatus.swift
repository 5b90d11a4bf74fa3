import Modules
import Transport
import Values

/// Jobs this process started with `poll: 0`, so that `async_status` gives a finished job's
/// result the shape its module gives (`stdout_lines`, `delta`, …) and not only the fields its
/// result file holds. Keyed by host and job id; a job started elsewhere is read as it is.
final class AsyncJobRegistry: @unchecked Sendable {
    struct Entry {
        let module: any Module
        let arguments: ValueDict
        let context: ModuleContext
    }

    static let shared = AsyncJobRegistry()

    private let lock = Condition()
    private var entries: [String: Entry] = [:]

    func add(_ entry: Entry, host: String, job: String) {
        lock.withLock { entries[host + "\u{0}" + job] = entry }
    }

    func entry(host: String, job: String) -> Entry? {
        lock.withLock { entries[host + "\u{0}" + job] }
    }
}

/// Turns what the `async_status` program found on the host into Ansible's `async_status`
/// result: a missing job fails with "could not find job", a running one is `finished: 0`, a
/// finished one is its module's result with `finished: 1`, and `mode: cleanup` says what it erased.
enum AsyncJobStatus {
    static func result(from found: ModuleResult, host: String) -> ModuleResult {
        let reply = found.values
        guard !found.failed, let jid = reply["ansible_job_id"]?.stringValue,
            let resultsFile = reply["results_file"]?.stringValue
        else { return found }
        let job = AsyncJob(id: jid, resultsFile: resultsFile)
        var values = job.identity(finished: true)
        if reply["found"]?.isTruthy != true {
            values["msg"] = "could not find job"
            values.addAsyncStreams()
            return ModuleResult(failed: true, values: values)
        }
        if let erased = reply["erased"] {
            var values = ValueDict()
            values["ansible_job_id"] = .string(jid)
            values["erased"] = erased
            values["failed"] = false
            values["finished"] = 0
            values["started"] = 0
            values.addAsyncStreams()
            return ModuleResult(values: values)
        }
        let record = AsyncJobRecord(text: reply["record"]?.stringValue ?? "")
        switch record.state {
        case .missing:
            values["msg"] = "could not find job"
            values.addAsyncStreams()
            return ModuleResult(failed: true, values: values)
        case .running:
            values = job.identity(finished: false)
            values["failed"] = false
            values.addAsyncStreams()
            return ModuleResult(values: values)
        case .unreadable(let text):
            values["msg"] = .string("Could not parse job output: \(text)")
            values.addAsyncStreams()
            return ModuleResult(failed: true, values: values)
        case .finished:
            let entry = AsyncJobRegistry.shared.entry(host: host, job: jid) ?? noted(reply["task"]?.stringValue)
            return finished(record, job: job, module: entry, host: host)
        }
    }

    /// The module and arguments an earlier run noted beside its job (`AsyncJob.launch`).
    static func noted(_ text: String?) -> AsyncJobRegistry.Entry? {
        guard let text, case .dict(let note)? = try? JSON.parse(text),
            let name = note["module"]?.stringValue, let module = ModuleRegistry.module(named: name),
            case .dict(let arguments)? = note["arguments"]
        else { return nil }
        return .init(module: module, arguments: arguments, context: ModuleContext())
    }

    /// A finished job's result: through its module's controller side when this run (or, by its
    /// note, an earlier one) started it.
    static func finished(
        _ record: AsyncJobRecord, job: AsyncJob, module entry: AsyncJobRegistry.Entry?, host: String
    ) -> ModuleResult {
        var result: ModuleResult
        if let entry, !record.timedOut,
            let replayed = try? entry.module.run(
                entry.arguments, context: entry.context, on: AsyncJobReplay(hostName: host, record: record))
        {
            result = replayed
        } else {
            var values = record.plainValues
            if values["failed"] == nil { values["failed"] = false }
            result = ModuleResult(
                changed: values["changed"]?.isTruthy ?? false, failed: values["failed"]?.isTruthy ?? false,
                skipped: values["skipped"]?.isTruthy ?? false, values: values)
        }
        for (key, value) in job.identity(finished: true) { result.values[key] = value }
        result.values.addAsyncStreams()
        return result
    }
}
