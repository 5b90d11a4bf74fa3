import Values

extension Inventory {
    /// Every group the host is in, transitively: `all` first (`ungrouped` for a host in no
    /// group), then parents before children — Ansible's sort by depth, priority and name.
    public func groupNames(of host: String) -> [String] {
        if let index = hostIndex[host] { return graph.sortedMembership(of: hosts[index].groups) }
        return Host.localhostNames.contains(host) ? [Group.all] : []
    }

    /// The inventory variables of a host, merged in Ansible's default precedence
    /// (`VARIABLE_PRECEDENCE`), lowest first:
    ///
    /// 1. `all`'s variables from the inventory sources;
    /// 2. the other groups' variables from the inventory sources, parents before children
    ///    (same depth: `ansible_group_priority`, then name);
    /// 3. `group_vars/all` next to each inventory source, then next to the playbook;
    /// 4. `group_vars/<group>` for the other groups, in the order of 2, per directory;
    /// 5. the host's own variables: inline, then `host_vars/` files in directory order.
    ///
    /// As in Ansible, a `group_vars/all.yml` file therefore beats `[child:vars]` written inline.
    /// Empty for a name that is not a host.
    public func variables(for host: String) -> ValueDict {
        guard let found = self.host(named: host) else { return ValueDict() }
        let membership = groupNames(of: host).filter { $0 != Group.all }
        var merged = groups[Group.all]?.vars ?? ValueDict()
        for name in membership {
            if let inline = groups[name]?.vars { merged.merge(inline) }
        }
        for layer in varsLayers {
            if let fileVars = layer.groupVars[Group.all] { merged.merge(fileVars) }
        }
        for layer in varsLayers {
            for name in membership {
                if let fileVars = layer.groupVars[name] { merged.merge(fileVars) }
            }
        }
        merged.merge(found.vars)
        return merged
    }
}
