import Modules
import Transport
import Values

/// What a job's result file says, read the way Ansible's `async_status` reads it: a record with
/// `started` and no true `finished` is a job still running; any other object is its result.
struct AsyncJobRecord: Sendable {
    enum State: Sendable {
        case missing
        case running
        /// Not JSON: Ansible reports it as it is.
        case unreadable(String)
        case finished(ValueDict)
    }

    /// The result line as the host wrote it.
    let line: String
    let state: State

    init(text: String) {
        line = text.split(separator: "\n").last(where: { !$0.allSatisfy(\.isWhitespace) }).map(String.init) ?? ""
        guard !line.isEmpty else {
            state = .running  // written but not yet filled: Ansible calls that running too
            return
        }
        guard case .dict(let values)? = try? JSON.parse(line) else {
            state = .unreadable(line)
            return
        }
        if values["pb_missing"] != nil, values.count == 1 {
            state = .missing
        } else if values["started"] != nil, values["finished"]?.isTruthy != true {
            state = .running
        } else {
            state = .finished(values)
        }
    }

    var isRunning: Bool {
        if case .running = state { return true }
        return false
    }

    /// The target's watchdog ended the job: Ansible's wrapper words it "Timeout exceeded".
    var timedOut: Bool {
        guard case .finished(let values) = state else { return false }
        return values["child_pid"] != nil && values["msg"]?.stringValue == "Timeout exceeded"
    }

    /// What the module's program would have printed had it run attached, for the module's own
    /// controller side to turn into its result. Nil for a record no module program wrote.
    func programOutput(marker: String) -> CommandOutput? {
        guard case .finished(let values) = state, !timedOut else { return nil }
        if case .int(let code)? = values["__pb_exit"] {
            let streams = ModuleReply.parse(
                CommandOutput(stdout: Array("m\n\(line)\n".utf8), stderr: [], termination: .exited(0)), marker: "m")
            return CommandOutput(
                stdout: streams?.blobs["module_stdout"] ?? [], stderr: streams?.blobs["module_stderr"] ?? [],
                termination: .exited(Int32(truncatingIfNeeded: code)))
        }
        return CommandOutput(stdout: Array("\(marker)\n\(line)\n".utf8), stderr: [], termination: .exited(0))
    }

    /// The record as a result when no module's controller side is at hand (a job another run
    /// started, or Ansible): every field, byte fields decoded as text, private fields dropped.
    var plainValues: ValueDict {
        guard case .finished = state,
            let reply = ModuleReply.parse(
                CommandOutput(stdout: Array("m\n\(line)\n".utf8), stderr: [], termination: .exited(0)), marker: "m")
        else { return ValueDict() }
        var values = reply.values
        for key in reply.blobs.keys.sorted() {
            values[key] = .string(reply.text(key) ?? "")
        }
        // The module's private fields (`__started_ns`…) mean nothing without its controller side.
        for key in values.keys where key.hasPrefix("__") { values[key] = nil }
        return values
    }
}

extension ValueDict {
    /// Ansible's `async_status` result always has `stdout` and `stderr`, and the controller adds
    /// their `_lines` as it does for every module result.
    mutating func addAsyncStreams() {
        for stream in ["stdout", "stderr"] {
            let text = self[stream]?.stringValue ?? ""
            if self[stream] == nil { self[stream] = "" }
            if self["\(stream)_lines"] == nil {
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
                if text.hasSuffix("\n") || text.isEmpty { lines.removeLast() }
                self["\(stream)_lines"] = .list(lines.map { .string($0) })
            }
        }
    }
}
