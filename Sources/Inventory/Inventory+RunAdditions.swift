import Diagnostics
import Values

extension Inventory {
    /// The inventory with one host added or extended during a run, as `add_host` and
    /// `group_by` do in Ansible: each group of `groups` is created if new, and made a child of
    /// each of `parents` (a new group with no parents given: of `all`); the host joins every one of them, and `vars` override the
    /// host's own variables. Later host patterns, `groups` and `group_names` see the change.
    public func adding(
        host name: String, groups added: [String], parents: [String] = [], vars: ValueDict = ValueDict()
    ) throws(DiagnosticList) -> Inventory {
        var builder = InventoryBuilder()
        for groupName in groupOrder {
            guard let group = groups[groupName] else { continue }
            builder.declareGroup(groupName, at: group.mark)
            for (key, value) in group.vars { builder.setGroupVariable(key, value, group: groupName, at: group.mark) }
            if group.priority != 1 {
                builder.setGroupVariable("ansible_group_priority", .int(group.priority), group: groupName, at: group.mark)
            }
        }
        for groupName in groupOrder {
            for child in groups[groupName]?.children ?? [] { builder.addChild(child, to: groupName, at: nil) }
        }
        for host in hosts {
            for group in host.groups.isEmpty ? [Group.ungrouped] : host.groups {
                builder.addHost(host.name, to: group, at: host.mark)
            }
            builder.setHostVariables(host.vars, host: host.name)
        }
        for group in added where group != Group.all && (!parents.isEmpty || groups[group] == nil) {
            for parent in parents.isEmpty ? [Group.all] : parents {
                builder.addChild(group, to: parent, at: nil)
            }
        }
        let targets = added.filter { $0 != Group.all }
        if targets.isEmpty, hostIndex[name] == nil { builder.addHost(name, to: Group.ungrouped, at: nil) }
        for group in targets { builder.addHost(name, to: group, at: nil) }
        builder.setHostVariables(vars, host: name)
        return try Inventory(builder: builder, varsLayers: try layers(adding: added.filter { groups[$0] == nil }, host: name))
    }

    /// The `group_vars/` and `host_vars/` layers with the files of the new groups and host read
    /// too: Ansible's vars plugins find them for groups and hosts made during the run.
    private func layers(adding newGroups: [String], host: String) throws(DiagnosticList) -> [VarsLayer] {
        let newHosts = hostIndex[host] == nil ? [host] : []
        guard !newGroups.isEmpty || !newHosts.isEmpty else { return varsLayers }
        var diagnostics: [Diagnostic] = []
        let extended = varsLayers.map { layer in
            var layer = layer
            let fresh = VarsDirectory.load(
                layer.directory, groupNames: newGroups, hostNames: newHosts, diagnostics: &diagnostics)
            layer.groupVars.merge(fresh.groupVars) { _, new in new }
            layer.hostVars.merge(fresh.hostVars) { old, _ in old }
            return layer
        }
        if !diagnostics.isEmpty { throw DiagnosticList(diagnostics) }
        return extended
    }
}
