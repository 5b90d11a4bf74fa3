import PlaybookModel
import Reporting
import Templating
import Values

#if canImport(Glibc)
    import Glibc
#endif

extension TaskRunner {
    /// Runs the task once per item, printing each item's result, and folds them into one
    /// result with `results`, as Ansible registers loops.
    func runLoop(_ items: [Value], scope: VariableScope, noLog: Bool, started: Double) throws(TemplateError) -> TaskOutcome {
        let control = task.loopControl
        let loopVar = control?.itemVariable ?? "item"
        let pause = control?.pause.flatMap { $0.literal } ?? 0
        var results: [Value] = []
        var anyChanged = false
        var anyFailed = false
        var unreachable = false
        var allSkipped = !items.isEmpty
        var meta: TaskOutcome.MetaAction?
        let extended = try scope.bool(control?.extended, default: false)
        let extendedAllItems = try scope.bool(control?.extendedAllitems, default: true)
        for (index, item) in items.enumerated() {
            if run.interrupted { break }
            scope.setFinal(loopVar, item)
            if let indexVar = control?.indexVar?.value { scope.setFinal(indexVar, .int(index)) }
            scope.setFinal("ansible_loop_var", .string(loopVar))
            // `ansible_loop` exists only with `loop_control.extended`, as in ansible-core.
            let loopInfo: Value? = extended ? .some(Self.extendedLoopInfo(items, index: index, allItems: extendedAllItems)) : .none
            if let loopInfo { scope.setFinal("ansible_loop", loopInfo) }
            let label = try itemLabel(item, control: control, scope: scope, noLog: noLog)
            var outcome: ItemOutcome
            if let condition = try scope.firstFalse(keywords.when) {
                var values: ValueDict = ["changed": false, "skipped": true, "skip_reason": "Conditional result was False"]
                values["false_condition"] = condition.resultValue
                outcome = ItemOutcome(
                    result: HostTaskResult(host: host.name, status: .skipped, result: values, action: task.module),
                    values: values)
            } else {
                outcome = try runOnce(scope, noLog: noLog)
                // As Ansible folds items: the task is skipped when every item was, for whatever reason.
                if outcome.result.status != .skipped { allSkipped = false }
            }
            outcome.values[loopVar] = noLog ? "********" : item
            outcome.values["ansible_loop_var"] = .string(loopVar)
            if let indexVar = control?.indexVar?.value {
                outcome.values[indexVar] = .int(index)
                outcome.values["ansible_index_var"] = .string(indexVar)
            }
            if let loopInfo { outcome.values["ansible_loop"] = loopInfo }
            outcome.result.itemLabel = label
            outcome.result.noLog = noLog
            outcome.result.result = outcome.values
            outcome.result.task = heading
            addDelegateAddress(&outcome.result)
            run.reporter.report(.loopItemResult(outcome.result))
            switch outcome.result.status {
            case .changed: anyChanged = true
            case .failed: anyFailed = true
            case .unreachable: unreachable = true
            default: break
            }
            meta = meta ?? outcome.meta
            results.append(.dict(outcome.values))
            // A lost connection ends the loop, as in Ansible: the later items would only report
            // the same dead connection, and the host is unreachable, not failed.
            if unreachable { break }
            // `loop_control.break_when`: evaluated after each item, its result registered.
            if let conditions = control?.breakWhen, !conditions.isEmpty, try scope.firstFalse(conditions) == nil { break }
            if pause > 0, index < items.count - 1 { usleep(UInt32(pause * 1_000_000)) }
        }
        let values = ResultKeyOrder.loopResult(
            results.compactMap(\.dictValue),
            unreachableMessage: unreachable
                ? (results.last?.dictValue?["msg"] ?? "The host became unreachable during the loop") : nil)
        register(values, in: scope)
        let status: TaskStatus =
            unreachable ? .unreachable : anyFailed ? .failed : allSkipped ? .skipped : anyChanged ? .changed : .ok
        var outcome = finish(ItemOutcome(
            result: HostTaskResult(host: host.name, status: status, result: values, noLog: noLog, action: task.module),
            values: values, meta: meta))
        outcome.result.startedAt = started
        return outcome
    }

    /// `(item=…)`: the `loop_control.label` when given, else the item as Ansible prints it.
    private func itemLabel(_ item: Value, control: LoopControl?, scope: VariableScope, noLog: Bool) throws(TemplateError) -> String {
        if noLog { return "None" }
        if let label = control?.label {
            return try scope.render(.string(label.value), at: label.mark).renderedText
        }
        return item.pythonString
    }

    /// The delegated host's address for the result's label (`h1 -> db1(10.0.0.5)`).
    @inline(never)
    func addDelegateAddress(_ result: inout HostTaskResult) {
        guard let target = result.delegatedTo, target != host.name,
            case .string(let address)? = run.inventory.variables(for: target)["ansible_host"]
        else { return }
        result.delegatedAddress = address
    }

    /// `ansible_loop` for item `index`: Jinja2's loop attributes, with the neighbouring items
    /// (absent at the ends) and, unless `extended_allitems: false`, the whole list.
    static func extendedLoopInfo(_ items: [Value], index: Int, allItems: Bool) -> Value {
        var info: ValueDict = [
            "index": .int(index + 1), "index0": .int(index), "first": .bool(index == 0),
            "last": .bool(index == items.count - 1), "length": .int(items.count),
            "revindex": .int(items.count - index), "revindex0": .int(items.count - index - 1),
        ]
        if allItems { info["allitems"] = .list(items) }
        if index + 1 < items.count { info["nextitem"] = items[index + 1] }
        if index > 0 { info["previtem"] = items[index - 1] }
        return .dict(info)
    }
}
