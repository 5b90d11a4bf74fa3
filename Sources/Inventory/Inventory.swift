import Diagnostics
import Values

/// The hosts and groups of one run, merged from every `-i` source, with the variables Ansible
/// would give each host and Ansible's host-pattern language to select them.
public struct Inventory: Sendable {
    /// Every host in inventory order (the order hosts were first defined).
    public private(set) var hosts: [Host]
    public private(set) var groups: [String: Group]
    /// `group_vars/` and `host_vars/` directories in precedence order: those next to the
    /// inventory sources first, then those next to the playbook.
    let varsLayers: [VarsLayer]
    let hostIndex: [String: Int]
    /// Group names in definition order, so wildcard matches never depend on hashing.
    let groupOrder: [String]
    let graph: GroupGraph

    /// Finishes what the builder collected: reconciles `all`/`ungrouped`, indexes the group
    /// graph and applies `host_vars/` files. Throws every problem the builder or the graph found.
    init(builder source: InventoryBuilder, varsLayers: [VarsLayer]) throws(DiagnosticList) {
        var builder = source
        builder.reconcile()
        let graph: GroupGraph
        switch GroupGraph.build(groups: builder.groups, order: builder.groupOrder, linkMarks: builder.linkMarks) {
        case .success(let built): graph = built
        case .failure(let list): throw DiagnosticList(builder.diagnostics + list.diagnostics)
        }
        if !builder.diagnostics.isEmpty { throw DiagnosticList(builder.diagnostics) }
        var hosts = builder.hosts
        for layer in varsLayers {
            for (name, fileVars) in layer.hostVars {
                if let index = builder.hostIndex[name] { hosts[index].vars.merge(fileVars) }
            }
        }
        self.hosts = hosts
        self.groups = builder.groups
        self.hostIndex = builder.hostIndex
        self.groupOrder = builder.groupOrder
        self.graph = graph
        self.varsLayers = varsLayers
    }

    /// The host of that name; for `localhost`, `127.0.0.1` and `::1` not in the inventory, the
    /// implicit localhost Ansible creates on demand.
    public func host(named name: String) -> Host? {
        if let index = hostIndex[name] { return hosts[index] }
        return Host.localhostNames.contains(name) ? implicitLocalhost(named: name) : nil
    }

    func implicitLocalhost(named name: String) -> Host {
        var host = Host.implicitLocalhost(named: name)
        for layer in varsLayers {
            if let fileVars = layer.hostVars[name] { host.vars.merge(fileVars) }
        }
        return host
    }

    /// Group names in the order Ansible sorts them: by depth from `all`, then
    /// `ansible_group_priority`, then name.
    public func sortedGroupNames() -> [String] {
        graph.sorted(groups.keys)
    }
}

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
