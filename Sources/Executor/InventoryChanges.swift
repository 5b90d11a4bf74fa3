import Diagnostics
import Inventory
import Values

/// `add_host` and `group_by`: they change the run's inventory, so that later plays' host
/// patterns, `groups` and `group_names` see the new host or group, as in Ansible.
struct InventoryChanges {
    let invocation: ModuleInvocation
    var arguments: ValueDict { invocation.arguments }
    var run: RunShared { invocation.runner.run }

    /// Argument names that are not host variables (every other one is).
    static let addHostArguments: Set<String> = ["name", "host", "hostname", "groups", "group", "groupname", "_raw_params"]

    func addHost() -> ItemOutcome {
        var name = arguments["name"]?.renderedText ?? ""
        var hostVars = ValueDict()
        for (key, value) in arguments where !Self.addHostArguments.contains(key) { hostVars[key] = value }
        // `name: host:2222` as Ansible parses an address: the port becomes `ansible_ssh_port`.
        if name.filter({ $0 == ":" }).count == 1, let colon = name.lastIndex(of: ":"),
            let port = Int(name[name.index(after: colon)...])
        {
            hostVars["ansible_ssh_port"] = .int(port)
            name = String(name[..<colon])
        }
        var groups: [String] = []
        for group in (arguments["groups"]?.listValue ?? []).map({ $0.renderedText.trimmingCharacters() })
        where !group.isEmpty && !groups.contains(group) {
            groups.append(group)
        }
        let before = run.inventory
        let known = before.host(named: name)
        let changed =
            known == nil || groups.contains { !before.groupNames(of: name).contains($0) }
            || hostVars.contains { key, value in known?.vars[key] != value }
        do throws(DiagnosticList) {
            try run.updateInventory { inventory throws(DiagnosticList) in
                try inventory.adding(host: name, groups: groups, vars: hostVars)
            }
        } catch {
            return failed(error)
        }
        refreshOwnVariables(name)
        var added = ValueDict()
        added["host_name"] = .string(name)
        added["groups"] = .list(groups.map(Value.string))
        added["host_vars"] = .dict(hostVars)
        return invocation.outcome(changed ? .changed : .ok, ["add_host": .dict(added), "changed": .bool(changed), "failed": false])
    }

    func groupBy() -> ItemOutcome {
        // Ansible turns spaces into dashes in both names.
        let group = (arguments["key"]?.renderedText ?? "").replacingSpaces()
        let parents = (arguments["parents"]?.listValue ?? ["all"]).map { $0.renderedText.replacingSpaces() }
        let host = invocation.host.name
        var changed = false
        do throws(DiagnosticList) {
            try run.updateInventory { inventory throws(DiagnosticList) in
                changed = inventory.groups[group] == nil || !inventory.groupNames(of: host).contains(group)
                return try inventory.adding(host: host, groups: [group], parents: parents)
            }
        } catch {
            return failed(error)
        }
        refreshOwnVariables(host)
        return invocation.outcome(changed ? .changed : .ok, [
            "add_group": .string(group), "parent_groups": .list(parents.map(Value.string)), "changed": .bool(changed), "failed": false,
        ])
    }

    /// The group's variables apply to the host from its next task on.
    private func refreshOwnVariables(_ name: String) {
        guard name == invocation.host.name else { return }
        invocation.host.inventoryVars = run.inventory.variables(for: name)
    }

    private func failed(_ error: DiagnosticList) -> ItemOutcome {
        invocation.outcome(.failed, [
            "failed": true, "changed": false, "msg": .string(error.diagnostics.map(\.rendered).joined(separator: "\n")),
        ])
    }
}

extension String {
    fileprivate func replacingSpaces() -> String { String(map { $0 == " " ? "-" : $0 }) }

    fileprivate func trimmingCharacters() -> String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text = text.dropFirst() }
        while text.last?.isWhitespace == true { text = text.dropLast() }
        return String(text)
    }
}
