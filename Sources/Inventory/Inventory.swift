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
        var problems = builder.diagnostics
        let graph: GroupGraph
        switch GroupGraph.build(groups: builder.groups, order: builder.groupOrder, linkMarks: builder.linkMarks) {
        case .success(let built): graph = built
        case .failure(let list): throw DiagnosticList(problems + list.diagnostics)
        }
        problems = problems.filter { $0.severity == .error }
        if !problems.isEmpty { throw DiagnosticList(problems) }
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
        groups.keys.sorted { a, b in
            let left = (graph.depth[a] ?? 0, graph.priority[a] ?? 1)
            let right = (graph.depth[b] ?? 0, graph.priority[b] ?? 1)
            return left != right ? left < right : a < b
        }
    }
}
