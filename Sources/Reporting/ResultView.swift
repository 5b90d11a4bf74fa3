import Values

/// A module result turned into what Ansible's callbacks show: the same keys removed, the same
/// censoring for `no_log`, the same JSON layout.
enum ResultView {
    /// Ansible's own sentence for results of `no_log` tasks (ansible-core 2.18 and later).
    static let censoredMessage =
        "the output has been hidden due to the fact that 'no_log: true' was specified for this result"
    /// Loop item labels of `no_log` tasks.
    static let censoredItem = "(censored due to no_log)"

    static let debugActions: Set = ["debug", "ansible.builtin.debug", "ansible.legacy.debug"]

    /// Internal keys that survive into what callbacks see; all other `_ansible_*` keys are dropped.
    private static let keptInternalKeys: Set = [
        "_ansible_verbose_always", "_ansible_item_label", "_ansible_no_log", "_ansible_verbose_override",
    ]
    /// What a `debug` result keeps when it has `msg`.
    private static let debugAllowedKeys: Set = ["msg", "exception", "warnings", "deprecations"]
    /// What a `debug var=` result loses (a loop item keeps `ansible_loop_var`, its index
    /// variable and `ansible_loop`, as ansible-core 2.18 shows them).
    private static let hiddenInDebug = ["changed", "failed", "skipped", "invocation", "skip_reason"]

    static func isDebug(_ r: HostTaskResult) -> Bool { debugActions.contains(r.action) }

    /// The copy of a result that Ansible hands to its callbacks (`TaskResult.clean_copy`):
    /// `failed`/`skipped` dropped (the event says it), internal keys dropped, and for `no_log`
    /// only the censoring sentence plus `changed`, `attempts` and `retries`.
    static func callbackCopy(_ r: HostTaskResult) -> ValueDict {
        var source = r.result
        // A task that failed before its action ran (a template error) has no `changed`, and
        // Ansible's console shows none.
        if source["changed"] == nil, r.status != .failed { source["changed"] = .bool(r.status == .changed) }
        if r.status == .unreachable, source["unreachable"] == nil { source["unreachable"] = true }
        if r.noLog || source["_ansible_no_log"]?.isTruthy == true {
            var censored = ValueDict()
            censored["censored"] = .string(censoredMessage)
            for key in ["attempts", "changed", "retries"] {
                if let value = source[key] { censored[key] = value }
            }
            return censored
        }
        source["failed"] = nil
        source["skipped"] = nil
        if isDebug(r), r.status != .skipped, r.status != .failed {
            source["invocation"] = nil
            // The debug action always shows its result, pretty-printed; a skipped one never ran,
            // and a failed one failed before it ran (a template error), so nothing asked for that.
            source["_ansible_verbose_always"] = true
        }
        return stripInternalKeys(source, keeping: keptInternalKeys)
    }

    /// `debug` shows only what it was asked to show (`_clean_results`).
    static func cleanDebug(_ view: inout ValueDict) {
        if view.contains("msg") {
            for key in view.keys where !debugAllowedKeys.contains(key) && !key.hasPrefix("_") {
                view[key] = nil
            }
        } else {
            for key in hiddenInDebug { view[key] = nil }
        }
    }

    /// Whether a result line gets its JSON appended (`_run_is_verbose`).
    static func isVerbose(_ view: ValueDict, verbosity: Int) -> Bool {
        (verbosity > 0 || view["_ansible_verbose_always"] == .bool(true))
            && view["_ansible_verbose_override"]?.isTruthy != true
    }

    /// The JSON after `=>` (`_dump_results`): sorted keys, non-ASCII as is, one line unless the
    /// result asks to always be shown or `-vvv` is on; diff and invocation only from `-vvv`.
    static func dump(_ view: ValueDict, verbosity: Int) -> String {
        let pretty = view["_ansible_verbose_always"]?.isTruthy == true || verbosity > 2
        var abridged = stripInternalKeys(view, keeping: [])
        if verbosity < 3 {
            abridged["invocation"] = nil
            abridged["diff"] = nil
        }
        for key in ["exception", "warnings", "deprecations"] { abridged[key] = nil }
        return JSON.serialize(.dict(abridged), pretty: pretty, sortKeys: true, indent: 4, ensureASCII: false)
    }

    /// The `(item=…)` label: the executor's label, else `_ansible_item_label`, else `item`.
    static func itemLabel(_ r: HostTaskResult) -> String {
        if r.noLog || r.result["_ansible_no_log"]?.isTruthy == true { return censoredItem }
        if let label = r.itemLabel { return label }
        guard let item = r.result["_ansible_item_label"] ?? r.result["item"] else { return "None" }
        return plainText(item)
    }

    /// A value as Python's `%s` would print it for the common cases, JSON for containers.
    static func plainText(_ value: Value) -> String {
        switch value {
        case .string(let s): return s
        case .null: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .double(let d): return JSON.format(double: d)
        case .list, .dict: return JSON.serialize(value, sortKeys: false, ensureASCII: false)
        }
    }

    /// Removes `_ansible_*` keys at every depth, as Ansible's `strip_internal_keys` does.
    static func stripInternalKeys(_ dict: ValueDict, keeping kept: Set<String>) -> ValueDict {
        stripped(dict, keeping: kept) ?? dict
    }

    /// `dict` without its internal keys, or nil when it has none at any depth: the result of
    /// gathering facts, hundreds of values on every host, usually has none, and rebuilding it
    /// for every console line cost more than printing the line.
    private static func stripped(_ dict: ValueDict, keeping kept: Set<String>) -> ValueDict? {
        var out: ValueDict?
        for (position, (key, value)) in dict.enumerated() {
            let dropped = key.hasPrefix("_ansible_") && !kept.contains(key)
            let replaced = dropped ? nil : stripped(value, keeping: kept)
            if out == nil, dropped || replaced != nil {
                // The first change: what came before it is kept as it was.
                out = ValueDict(dict.lazy.prefix(position).map { ($0.key, $0.value) })
            }
            if !dropped { out?[key] = replaced ?? value }
        }
        return out
    }

    private static func stripped(_ value: Value, keeping kept: Set<String>) -> Value? {
        switch value {
        case .dict(let d):
            return stripped(d, keeping: kept).map(Value.dict)
        case .list(let items):
            var out: [Value]?
            for (index, item) in items.enumerated() {
                guard let replaced = stripped(item, keeping: kept) else { continue }
                if out == nil { out = items }
                out?[index] = replaced
            }
            return out.map(Value.list)
        default:
            return nil
        }
    }
}

extension HostTaskResult {
    /// The JSON a console prints for this result at `verbosity` (`_dump_results` of the
    /// callback's copy), for lines the executor words itself: a retry's "Result was: …".
    public func consoleDump(verbosity: Int) -> String {
        ResultView.dump(ResultView.callbackCopy(self), verbosity: verbosity)
    }
}
