import Diagnostics
import Modules
import PlaybookModel
import Reporting
import Templating
import Values

/// The modules that run on the controller: they read and write the run's own state.
struct ControllerModules {
    let invocation: ModuleInvocation
    var arguments: ValueDict { invocation.arguments }
    var scope: VariableScope { invocation.scope }
    var host: HostState { invocation.host }
    var mark: Mark { invocation.task.moduleMark }

    func perform() -> ItemOutcome {
        do {
            switch invocation.module.spec.name {
            case "debug": return try debug()
            case "set_fact": return setFact()
            case "assert": return try assert()
            case "fail": return fail()
            case "meta": return meta()
            case "include_vars": return includeVars()
            case "add_host": return InventoryChanges(invocation: invocation).addHost()
            case "group_by": return InventoryChanges(invocation: invocation).groupBy()
            case "pause": return Pause(invocation: invocation).perform()
            case "set_stats": return setStats()
            case "wait_for_connection": return WaitForConnection(invocation: invocation).perform()
            default:
                return invocation.outcome(.failed, [
                    "failed": true, "msg": .string("module '\(invocation.module.spec.name)' has no controller implementation"),
                ])
            }
        } catch {
            return invocation.outcome(.failed, ["failed": true, "changed": false, "msg": .string(error.diagnostic.rendered)])
        }
    }

    /// `debug: msg=…` prints the message; `debug: var=x` prints `{"x": value}`.
    private func debug() throws(TemplateError) -> ItemOutcome {
        let verbosity = arguments["verbosity"]?.intValue ?? 0
        if verbosity > invocation.runner.run.options.verbosity {
            return invocation.outcome(.skipped, ["changed": false, "skipped": true, "skipped_reason": "Verbosity threshold not met."])
        }
        var values = ValueDict()
        if let name = arguments["var"]?.stringValue {
            do throws(TemplateError) {
                // Only a bare variable name keeps its type; any other expression is templated,
                // so a number comes out as text (`"3"`), as in ansible-core.
                let isBareName = name.first.map { $0 == "_" || $0.isLetter } == true
                    && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
                values[name] = isBareName
                    ? try scope.evaluate(name, at: mark)
                    : try scope.render(.string("{{ \(name) }}"), at: mark)
            } catch {
                guard case .undefined = error.kind else { throw error }
                values[name] = "VARIABLE IS NOT DEFINED!"
            }
        } else {
            values["msg"] = arguments["msg"] ?? "Hello world!"
        }
        values["changed"] = false
        return invocation.outcome(.ok, values)
    }

    /// `set_fact`: the new variables are final values above play vars for the rest of the run.
    private func setFact() -> ItemOutcome {
        var facts = ValueDict()
        for (name, value) in arguments where name != "cacheable" && name != "_raw_params" {
            facts[name] = Self.factValue(value)
        }
        // `delegate_facts: true`: the facts belong to the delegated host alone; the play
        // hands them over once the task is done (`PlayRun.applyDelegatedFacts`).
        let delegated = invocation.delegateTo.map { $0 != host.name } == true
            && (try? scope.bool(invocation.runner.keywords.delegateFacts, default: false)) == true
        if !delegated {
            host.runVars.merge(facts)
            for (name, value) in facts { scope.setFinal(name, value) }
        }
        return invocation.outcome(.ok, ["ansible_facts": .dict(facts), "changed": false])
    }

    /// ansible-core's set_fact turns a string that reads true/false/yes/no (any case) into a
    /// boolean, in both the `k=v` and the YAML form, quoted or not, templated or not; `on`, `1`
    /// and the like stay strings.
    static func factValue(_ value: Value) -> Value {
        guard case .string(let text) = value else { return value }
        switch text.lowercased() {
        case "true", "yes": return .bool(true)
        case "false", "no": return .bool(false)
        default: return value
        }
    }

    private func assert() throws(TemplateError) -> ItemOutcome {
        let conditions = arguments["that"]?.listValue ?? []
        // Ansible's assert always shows its result (pretty-printed), unless `quiet` asks not to.
        let quiet = arguments["quiet"]?.isTruthy == true
        func shown(_ result: ValueDict) -> ValueDict {
            var result = result
            if !quiet { result["_ansible_verbose_always"] = true }
            return result
        }
        for condition in conditions {
            let text = condition.renderedText
            let holds = VariableScope.truth(try scope.evaluate(text, at: mark))
            if !holds {
                let message = arguments["fail_msg"] ?? arguments["msg"] ?? "Assertion failed"
                return invocation.outcome(.failed, shown([
                    "failed": true, "changed": false, "assertion": .string(text), "evaluated_to": false,
                    "msg": message,
                ]))
            }
        }
        let message = arguments["success_msg"] ?? "All assertions passed"
        return invocation.outcome(.ok, shown(["changed": false, "msg": message]))
    }

    private func fail() -> ItemOutcome {
        invocation.outcome(.failed, [
            "failed": true, "changed": false, "msg": arguments["msg"] ?? "Failed as requested from task",
        ])
    }

    /// `include_vars`: the variables rank above task vars and below `set_fact` for the rest of
    /// the run on this host; the result shows them as `ansible_facts`, as Ansible's does.
    private func includeVars() -> ItemOutcome {
        do throws(IncludeVars.Failure) {
            let (variables, files) = try IncludeVars(invocation: invocation).load()
            host.includedVars.merge(variables)
            return invocation.outcome(.ok, [
                "ansible_facts": .dict(variables), "ansible_included_var_files": .list(files.map(Value.string)),
                "changed": false, "failed": false,
            ])
        } catch {
            // Ansible's action words its failure as `message`, with what it had read so far.
            return invocation.outcome(.failed, [
                "failed": true, "changed": false, "message": .string(error.message), "ansible_facts": .dict(ValueDict()),
                "ansible_included_var_files": .list(error.files.map(Value.string)),
            ])
        }
    }

    /// `set_stats`: the result Ansible gives. The default console, like Ansible's default
    /// callback (`show_custom_stats` off), prints no CUSTOM STATS section.
    private func setStats() -> ItemOutcome {
        var stats = ValueDict()
        stats["aggregate"] = .bool(arguments["aggregate"]?.isTruthy ?? true)
        stats["data"] = arguments["data"] ?? .dict(ValueDict())
        stats["per_host"] = .bool(arguments["per_host"]?.isTruthy ?? false)
        return invocation.outcome(.ok, ["ansible_stats": .dict(stats), "changed": false, "failed": false])
    }

    private func meta() -> ItemOutcome {
        let action = arguments["_raw_params"]?.stringValue ?? "noop"
        var outcome = invocation.outcome(.ok, ["changed": false, "msg": .string(action)])
        outcome.meta = TaskOutcome.MetaAction(rawValue: action)
        if outcome.meta == TaskOutcome.MetaAction.clearFacts { host.facts = ValueDict() }
        return outcome
    }
}
