import Diagnostics
import Values

/// Collects hosts, groups and variables from every source in order, merging as Ansible does:
/// a later source adds groups and memberships and overrides variables of the same name.
struct InventoryBuilder {
    private(set) var hosts: [Host] = []
    private(set) var hostIndex: [String: Int] = [:]
    private(set) var groups: [String: Group]
    /// Group names in the order they were first seen, so results never depend on hashing.
    private(set) var groupOrder: [String]
    /// Where each parent → child link was written, to point at it if it closes a cycle.
    private(set) var linkMarks: [GroupLink: Mark] = [:]
    private var links: Set<GroupLink> = []
    private(set) var diagnostics: [Diagnostic] = []

    struct GroupLink: Hashable {
        var parent: String
        var child: String
    }

    init() {
        groups = [
            Group.all: Group(name: Group.all, children: [Group.ungrouped]),
            Group.ungrouped: Group(name: Group.ungrouped),
        ]
        groupOrder = [Group.all, Group.ungrouped]
        links = [GroupLink(parent: Group.all, child: Group.ungrouped)]
    }

    mutating func report(_ error: InventoryError, at mark: Mark?) {
        diagnostics.append(error.diagnostic(at: mark))
    }

    mutating func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    mutating func declareGroup(_ name: String, at mark: Mark?) {
        if groups[name] == nil {
            groups[name] = Group(name: name, mark: mark)
            groupOrder.append(name)
        }
    }

    /// Adds the host if it is new and makes it a member of `group`. Membership of `all` is
    /// implicit, so a host written only under `[all]` ends up in `ungrouped`, as in Ansible.
    mutating func addHost(_ name: String, to group: String, at mark: Mark?) {
        declareGroup(group, at: mark)
        let index: Int
        if let existing = hostIndex[name] {
            index = existing
        } else {
            index = hosts.count
            hostIndex[name] = index
            hosts.append(Host(name: name, mark: mark))
        }
        guard group != Group.all, !hosts[index].groups.contains(group) else { return }
        hosts[index].groups.append(group)
        groups[group]?.hosts.append(name)
    }

    mutating func setHostVariables(_ variables: ValueDict, host: String) {
        guard let index = hostIndex[host] else { return }
        hosts[index].vars.merge(variables)
    }

    mutating func setGroupVariable(_ name: String, _ value: Value, group: String, at mark: Mark?) {
        declareGroup(group, at: mark)
        if name == "ansible_group_priority" {
            guard let priority = Group.priority(from: value) else {
                report(.groupPriorityNotInteger(Self.describe(value)), at: mark)
                return
            }
            groups[group]?.priority = priority
            return
        }
        groups[group]?.vars[name] = value
    }

    /// Links `child` under `parent`, creating either group if needed: Ansible accepts a child
    /// group that is never defined and treats it as an empty group.
    mutating func addChild(_ child: String, to parent: String, at mark: Mark?) {
        if child == Group.all {
            report(.reservedChildGroup(child), at: mark)
            return
        }
        declareGroup(parent, at: mark)
        declareGroup(child, at: mark)
        let link = GroupLink(parent: parent, child: child)
        guard links.insert(link).inserted else { return }
        linkMarks[link] = mark
        groups[parent]?.children.append(child)
    }

    /// Ansible's reconciliation: a host in any real group leaves `ungrouped`, a host in none
    /// joins it, and every group without a parent becomes a child of `all`.
    mutating func reconcile() {
        var ungroupedHosts: [String] = []
        for index in hosts.indices {
            let named = hosts[index].groups.filter { $0 != Group.ungrouped }
            hosts[index].groups = named.isEmpty ? [Group.ungrouped] : named
            if named.isEmpty { ungroupedHosts.append(hosts[index].name) }
        }
        groups[Group.ungrouped]?.hosts = ungroupedHosts
        let linkedChildren = Set(links.map(\.child))
        for name in groupOrder where name != Group.all && !linkedChildren.contains(name) {
            links.insert(GroupLink(parent: Group.all, child: name))
            groups[Group.all]?.children.append(name)
        }
    }

    static func describe(_ value: Value) -> String {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .bool(let flag): return flag ? "True" : "False"
        case .null: return "None"
        case .list: return "a list"
        case .dict: return "a mapping"
        }
    }
}
