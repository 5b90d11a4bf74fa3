import Values

/// The order of a task result's keys as ansible-core builds them. Output at `-v` and of
/// `debug: var=` sorts the keys, but everything that walks a registered result does not:
/// `r | to_json`, `r.keys()`, `r | dict2items`, a loop over `r`. There the module's own keys
/// come first, in the order its Ansible counterpart returns them, then what the controller
/// adds: `failed` (unless the module failed), `attempts` (a task that may retry), `changed`
/// (unless the module reports it itself) and `failed_when_result`.
enum ResultKeyOrder {
    /// One shape of a module's result: used when `applies` holds for the values.
    struct Shape: Sendable {
        var applies: @Sendable (ValueDict) -> Bool
        /// The module's keys in its order; `changed` and `failed` only where the module itself
        /// returns them (a `failed` is the module's only when true: its success leaves it out).
        var keys: [String]
    }

    /// The module's values as the controller hands them on: its keys in its own order, then
    /// `failed`, `attempts` (when the task may retry) and `changed`.
    @inline(never)
    static func arranged(_ values: ValueDict, module: String, attempt: Int?) -> ValueDict {
        let failed = values["failed"]?.isTruthy == true
        // A module that gave up with a message alone: Ansible's `fail_json(msg=…)`.
        let shape = failed && values.keys.allSatisfy(["changed", "failed", "msg", "invocation"].contains)
            ? Shape(applies: { _ in true }, keys: ["failed", "msg"])
            : shapes[module]?.first { $0.applies(values) }
        let ownKeys = shape.map { Set($0.keys) }
        func isModuleKey(_ key: String) -> Bool {
            switch key {
            // A `false` is the controller's default; a module that says 0 said it itself.
            case "failed": return (failed || values[key] != .bool(false)) && ownKeys?.contains(key) != false
            case "changed": return ownKeys?.contains(key) ?? true
            case "attempts", "failed_when_result": return false
            default: return true
            }
        }
        var ordered = ValueDict()
        for key in shape?.keys ?? [] where isModuleKey(key) {
            if let value = values[key] { ordered[key] = value }
        }
        for (key, value) in values where ordered[key] == nil && isModuleKey(key) && key != "invocation" {
            ordered[key] = value
        }
        // The module's last key, unless the shape names the keys the action adds after it.
        if let invocation = values["invocation"] { ordered["invocation"] = invocation }
        if ordered["failed"] == nil {
            // As ansible-core: a result without `failed` failed when it carries a non-zero `rc`.
            ordered["failed"] = values["failed"] ?? .bool(values["rc"].map { !isZero($0) } ?? false)
        }
        if let attempt { ordered["attempts"] = .int(attempt) }
        if ordered["changed"] == nil { ordered["changed"] = values["changed"] ?? false }
        if let value = values["failed_when_result"] { ordered["failed_when_result"] = value }
        return ordered
    }

    /// A loop's folded result in ansible-core's order: `results` and `skipped`, then `changed`,
    /// `failed` and `unreachable` as the first item that set them came, then `msg`, and
    /// `changed` last when no item changed. `failed` exists only when an item failed.
    static func loopResult(_ items: [ValueDict], unreachableMessage: Value?) -> ValueDict {
        var folded = ValueDict()
        folded["results"] = .list(items.map(Value.dict))
        folded["skipped"] = .bool(!items.isEmpty && items.allSatisfy { $0["skipped"]?.isTruthy == true })
        for item in items {
            if item["changed"]?.isTruthy == true, folded["changed"] == nil { folded["changed"] = true }
            if item["failed"]?.isTruthy == true, folded["failed"] == nil {
                folded["failed"] = true
                folded["msg"] = "One or more items failed"
            }
            if item["unreachable"]?.isTruthy == true, folded["unreachable"] == nil { folded["unreachable"] = true }
        }
        if folded["failed"] == nil {
            // ansible-core says "All items completed" here; an unreachable host's own words
            // tell more, and the console shows this message for it.
            folded["msg"] = unreachableMessage ?? "All items completed"
        }
        if folded["skipped"]?.isTruthy == true { folded["msg"] = "All items skipped" }
        if folded["changed"] == nil { folded["changed"] = false }
        return folded
    }

    /// What `register:` keeps: ansible-core drops the internal `_ansible_…` keys, in loop
    /// items too, and the task's own `invocation` (a loop item keeps its). The task's
    /// `until:`, `changed_when:` and `failed_when:` still see it.
    static func registered(_ values: ValueDict, isLoopItem: Bool = false) -> ValueDict {
        var kept = ValueDict()
        for (key, value) in values where !key.hasPrefix("_ansible_") && (isLoopItem || key != "invocation") {
            if key == "results", case .list(let items) = value {
                kept[key] = .list(items.map { item in item.dictValue.map { .dict(registered($0, isLoopItem: true)) } ?? item })
            } else {
                kept[key] = value
            }
        }
        return kept
    }

    private static func isZero(_ value: Value) -> Bool {
        switch value {
        case .int(let number): return number == 0
        case .string(let text): return text == "0"
        default: return false
        }
    }

    private static func always(_ keys: [String]) -> [Shape] { [Shape(applies: { _ in true }, keys: keys)] }

    /// The attributes Ansible's file-handling modules add about the path they leave.
    private static let pathInfo = ["uid", "gid", "owner", "group", "mode", "state", "size"]
    private static let commandKeys = [
        "changed", "stdout", "stderr", "rc", "cmd", "start", "end", "delta", "failed", "msg", "skipped",
        "invocation", "stdout_lines", "stderr_lines",
    ]

    /// A polled job's result: Ansible's async_status reads the job file, adds the output's
    /// lines, then the module's own result.
    private static let finishedJobKeys = [
        "started", "finished", "stdout", "stderr", "stdout_lines", "stderr_lines", "ansible_job_id", "results_file",
        "changed", "rc", "cmd", "start", "end", "delta", "failed", "msg", "invocation",
    ]
    private static let commandShapes = [
        Shape(applies: { $0["ansible_job_id"] != nil && $0["rc"] != nil }, keys: finishedJobKeys),
        // Fire and forget: the job as started.
        Shape(applies: { $0["ansible_job_id"] != nil },
            keys: ["failed", "started", "finished", "ansible_job_id", "results_file", "changed"]),
        Shape(applies: { _ in true }, keys: commandKeys),
    ]

    private static let copyShapes = [
        // The file was there already: Ansible's copy hands over to its file module.
        Shape(applies: { $0["path"] != nil },
            keys: ["diff", "path", "changed"] + pathInfo + ["invocation", "checksum", "dest"]),
        Shape(applies: { $0["checksum"] != nil },
            keys: ["diff", "dest", "src", "md5sum", "checksum", "changed"] + pathInfo),
        Shape(applies: { _ in true }, keys: ["dest", "src", "failed", "msg", "changed"]),
    ]

    static let shapes: [String: [Shape]] = [
        "command": commandShapes,
        "shell": commandShapes,
        "async_status": [Shape(applies: { $0["rc"] != nil }, keys: finishedJobKeys)],
        "copy": copyShapes,
        // Ansible's template hands its rendered text to copy.
        "template": copyShapes,
        "file": [
            Shape(applies: { $0["path"] != nil }, keys: ["path", "changed", "diff"] + pathInfo),
            Shape(applies: { _ in true }, keys: ["dest", "src", "changed", "diff"] + pathInfo),
        ],
        "replace": always(["rc", "msg", "changed"]),
        "find": always(["files", "changed", "msg", "matched", "examined", "skipped_paths"]),
        "slurp": always(["content", "source", "encoding"]),
        "fetch": always(["changed", "md5sum", "dest", "remote_md5sum", "checksum", "remote_checksum"]),
        "include_vars": always(["ansible_included_var_files", "ansible_facts"]),
        "group_by": always(["changed", "add_group", "parent_groups"]),
        "wait_for": always([
            "state", "port", "search_regex", "match_groups", "match_groupdict", "path", "elapsed",
            "uid", "gid", "owner", "group", "mode", "size",
        ]),
        "tempfile": always(["changed", "path"] + pathInfo),
        "getent": always(["ansible_facts"]),
        "stat": always(["changed", "stat"]),
        "set_fact": always(["ansible_facts"]),
        "assert": [
            Shape(applies: { $0["failed"]?.isTruthy == true }, keys: ["failed", "evaluated_to", "assertion", "msg"]),
            Shape(applies: { _ in true }, keys: ["changed", "msg"]),
        ],
        "fail": always(["failed", "msg"]),
        "ping": always(["ping"]),
        // The message or the variable shown, whichever the task asked for.
        "debug": always([]),
    ]
}
