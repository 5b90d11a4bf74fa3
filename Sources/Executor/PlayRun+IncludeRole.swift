import PlaybookModel
import Reporting
import Templating
import Values

extension PlayRun {
    /// `include_role`: a task of its own, as in ansible-core. Its `when:` and `loop:` are
    /// evaluated once per host (and item) and decide whether the role is included; the role's
    /// tasks then run with the item as a variable, without testing the include's `when:` again.
    /// Every `included:` line is reported before the first included role runs.
    func runIncludeRole(_ include: IncludeRole, inherited: InheritableKeywords) {
        guard let roles = include.preloaded, run.tags.includes(Set(include.effectiveTags)) else { return }
        guard !activeHosts.isEmpty else { return }
        let heading = announceInclude(
            name: include.name ?? "include_role : \(include.roleName.value)", mark: include.mark)
        var base = inherited
        base.when = Array(inherited.when.dropLast(include.keywords.when.count))
        let loopVar = include.loopControl?.itemVariable ?? "item"
        var groups: [(item: Value?, hosts: [HostState])] = []
        for host in activeHosts {
            let scope = context.scope(for: host, role: nil, keywords: inherited)
            do throws(TemplateError) {
                var items: [Value?] = [nil]
                if let loop = include.loop {
                    items = try LoopExpansion.items(
                        of: loop, scope: scope, playbookDirectory: context.playbook.directory)
                }
                var skippedItems = 0
                for item in items {
                    if let item { scope.setFinal(loopVar, item) }
                    if let condition = try scope.firstFalse(inherited.when) {
                        if let item {
                            skipIncludedItem(host, item: item, condition: condition, heading: heading)
                            skippedItems += 1
                        } else {
                            skipInclude(host, condition: condition, heading: heading)
                        }
                        continue
                    }
                    if let index = groups.firstIndex(where: { $0.item == item }) {
                        groups[index].hosts.append(host)
                    } else {
                        groups.append((item, [host]))
                    }
                }
                if include.loop != nil, skippedItems == items.count {
                    let result = HostTaskResult(
                        host: host.name, status: .skipped,
                        result: ["changed": false, "skipped": true, "skipped_reason": "No items in the list"],
                        action: "include_role", task: heading)
                    run.reporter.report(.hostResult(result))
                    run.record(result)
                }
            } catch {
                failInclude(host, message: error.diagnostic.rendered)
            }
        }
        for group in groups {
            announceIncluded(include.roleName.value, for: group.hosts, item: group.item, heading: heading)
        }
        for group in groups {
            let hosts = group.hosts.filter(\.isActive)
            guard !hosts.isEmpty, !stopped, !run.interrupted else { continue }
            var outer = base
            if let item = group.item {
                outer.vars.values[loopVar] = item
                outer.vars.marks[loopVar] = include.mark
            }
            withHosts(hosts) {
                for role in roles where !stopped {
                    runItems(role.tasks, inherited: role.keywords.inheriting(from: outer))
                }
            }
        }
    }

    /// `skipping: [h] => (item=…)`: one item of a looped include whose `when:` was false.
    private func skipIncludedItem(_ host: HostState, item: Value, condition: Conditional, heading: TaskHeading?) {
        var values: ValueDict = ["changed": false, "skipped": true, "skip_reason": "Conditional result was False"]
        values["false_condition"] = condition.resultValue
        values["item"] = item
        let result = HostTaskResult(
            host: host.name, status: .skipped, itemLabel: item.pythonString, result: values,
            action: "include_role", task: heading)
        run.reporter.report(.loopItemResult(result))
    }
}
