import Diagnostics

/// The group hierarchy, indexed once at load so that membership questions for thousands of
/// hosts never rescan the groups: parents, depth, priority and every group's ancestors.
struct GroupGraph: Sendable {
    /// Direct parents of each group, in the order the links were made.
    private(set) var parents: [String: [String]] = [:]
    /// Longest distance from `all` (0), as Ansible's `Group.depth`.
    private(set) var depth: [String: Int] = [:]
    private(set) var priority: [String: Int] = [:]
    /// Every group above a group, `all` included, itself excluded.
    private(set) var ancestors: [String: Set<String>] = [:]
    /// Groups ordered so that every parent comes before its children.
    private(set) var topologicalOrder: [String] = []

    /// Group chains deeper than this are not an inventory anyone maintains; refusing them keeps
    /// ancestor sets small.
    static let maximumDepth = 256

    /// Builds the index, or reports each cycle (a cycle has no depth, so nothing else is built).
    static func build(
        groups: [String: Group], order: [String], linkMarks: [InventoryBuilder.GroupLink: Mark]
    ) -> Result<GroupGraph, DiagnosticList> {
        var graph = GroupGraph()
        for name in order {
            for child in groups[name]?.children ?? [] { graph.parents[child, default: []].append(name) }
            graph.priority[name] = groups[name]?.priority ?? 1
        }
        switch sortTopologically(groups: groups, order: order, linkMarks: linkMarks) {
        case .failure(let cycles): return .failure(cycles)
        case .success(let sorted): graph.topologicalOrder = sorted
        }
        for name in graph.topologicalOrder {
            var level = 0
            for parent in graph.parents[name] ?? [] { level = max(level, (graph.depth[parent] ?? 0) + 1) }
            // Stop at the first group past the bound: ancestor sets of a longer chain would cost
            // time quadratic in its length.
            if level > maximumDepth {
                return .failure(
                    DiagnosticList([InventoryError.nestingTooDeep(maximumDepth).diagnostic(at: groups[name]?.mark)]))
            }
            var above = Set<String>()
            for parent in graph.parents[name] ?? [] {
                above.insert(parent)
                above.formUnion(graph.ancestors[parent] ?? [])
            }
            graph.depth[name] = level
            graph.ancestors[name] = above
        }
        return .success(graph)
    }

    /// Depth-first from `all` (iteratively, so a long chain cannot exhaust the stack), then from
    /// any group left unvisited — which can only hang in a cycle.
    private static func sortTopologically(
        groups: [String: Group], order: [String], linkMarks: [InventoryBuilder.GroupLink: Mark]
    ) -> Result<[String], DiagnosticList> {
        enum State { case onPath, done }
        var state: [String: State] = [:]
        var postOrder: [String] = []
        var cycles: [Diagnostic] = []
        for root in [Group.all] + order where state[root] == nil {
            var stack: [(name: String, nextChild: Int)] = [(root, 0)]
            state[root] = .onPath
            while let top = stack.last {
                let children = groups[top.name]?.children ?? []
                guard top.nextChild < children.count else {
                    state[top.name] = .done
                    postOrder.append(top.name)
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].nextChild += 1
                let child = children[top.nextChild]
                switch state[child] {
                case .onPath:
                    let link = InventoryBuilder.GroupLink(parent: top.name, child: child)
                    cycles.append(
                        InventoryError.groupCycle(parent: top.name, child: child).diagnostic(
                            at: linkMarks[link] ?? groups[child]?.mark))
                case .done:
                    continue
                case nil:
                    state[child] = .onPath
                    stack.append((child, 0))
                }
            }
        }
        if !cycles.isEmpty { return .failure(DiagnosticList(cycles)) }
        return .success(postOrder.reversed())
    }

    /// The groups a host with these direct groups belongs to, `all` first, then by depth,
    /// priority and name — Ansible's `sort_groups`.
    func sortedMembership(of directGroups: [String]) -> [String] {
        var names = Set(directGroups)
        for group in directGroups { names.formUnion(ancestors[group] ?? []) }
        names.insert(Group.all)
        return sorted(names)
    }

    /// Ansible's `sort_groups`: by depth, then priority, then name.
    func sorted(_ names: some Sequence<String>) -> [String] {
        names.sorted { a, b in
            let left = (depth[a] ?? 0, priority[a] ?? 1)
            let right = (depth[b] ?? 0, priority[b] ?? 1)
            return left != right ? left < right : a < b
        }
    }
}
