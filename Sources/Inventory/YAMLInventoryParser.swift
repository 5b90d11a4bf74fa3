import Diagnostics
import Values
import YAML

/// Reads Ansible's YAML inventory format — groups mapping to `hosts`, `children` and `vars` —
/// into an `InventoryBuilder`, reporting every problem of the file with its line and column.
struct YAMLInventoryParser {
    /// Real inventories nest a handful of levels; the bound keeps recursion shallow on any input.
    static let maximumNesting = 64

    func parse(_ root: Node?, into builder: inout InventoryBuilder) {
        guard let root else { return }
        guard let pairs = root.mapping.map(Self.entries) else {
            if !isNull(root) { builder.report(.topLevelNotMapping(found: root.kindName), at: root.mark) }
            return
        }
        if let plugin = root["plugin"] {
            builder.report(.inventoryPluginUnsupported(plugin.text ?? "plugin"), at: plugin.mark)
            return
        }
        for pair in pairs {
            guard let name = name(of: pair.key, into: &builder) else { continue }
            parseGroup(name, pair.value, keyMark: pair.key.mark, depth: 0, into: &builder)
        }
    }

    private func parseGroup(
        _ name: String, _ node: Node, keyMark: Mark, depth: Int, into builder: inout InventoryBuilder
    ) {
        guard depth < Self.maximumNesting else {
            builder.report(.nestingTooDeep(Self.maximumNesting), at: keyMark)
            return
        }
        builder.declareGroup(name, at: keyMark)
        guard let pairs = node.mapping.map(Self.entries) else {
            if !isNull(node) { builder.report(.groupNotMapping(group: name, found: node.kindName), at: node.mark) }
            return
        }
        for pair in pairs {
            let key = pair.key.text ?? ""
            let value = pair.value
            switch key {
            case "hosts": parseHosts(value, group: name, into: &builder)
            case "vars": parseGroupVariables(value, group: name, into: &builder)
            case "children": parseChildren(value, parent: name, depth: depth, into: &builder)
            default: builder.report(.unknownGroupKey(key: key, group: name), at: pair.key.mark)
            }
        }
    }

    private func parseHosts(_ node: Node, group: String, into builder: inout InventoryBuilder) {
        if node.sequence != nil {
            builder.report(.hostsListedAsSequence(group: group), at: node.mark)
            return
        }
        // Ansible accepts `hosts: web1` as shorthand for a single host without variables.
        let entries: [(key: Node, value: Node?)]
        if let pairs = node.mapping {
            entries = Self.entries(pairs).map { ($0.key, $0.value) }
        } else if isNull(node) {
            return
        } else {
            entries = [(node, nil)]
        }
        for (key, value) in entries {
            guard let pattern = name(of: key, into: &builder) else { continue }
            let column = key.mark.column + (isQuoted(key) ? 1 : 0)
            let expanded = HostLineExpansion.expand(pattern, column: column) { error, column in
                builder.report(error, at: Mark(file: key.mark.file, line: key.mark.line, column: column))
            }
            guard let expansion = expanded else { continue }
            var variables = ValueDict()
            if let port = expansion.port { variables["ansible_port"] = .int(port) }
            if let value, let pairs = value.mapping {
                variables.merge(checkedVariables(Self.entries(pairs), into: &builder))
            } else if let value, !isNull(value) {
                builder.report(.hostVariablesNotMapping(host: pattern, found: value.kindName), at: value.mark)
            }
            for host in expansion.hosts {
                builder.addHost(host, to: group, at: key.mark)
                builder.setHostVariables(variables, host: host)
            }
        }
    }

    private func parseGroupVariables(_ node: Node, group: String, into builder: inout InventoryBuilder) {
        guard let pairs = node.mapping.map(Self.entries) else {
            if !isNull(node) {
                builder.report(.sectionNotMapping(section: "vars", group: group, found: node.kindName), at: node.mark)
            }
            return
        }
        let variables = checkedVariables(pairs, into: &builder)
        for pair in pairs {
            guard let key = pair.key.text, let value = variables[key] else { continue }
            builder.setGroupVariable(key, value, group: group, at: pair.value.mark)
        }
    }

    private func parseChildren(_ node: Node, parent: String, depth: Int, into builder: inout InventoryBuilder) {
        let entries: [(key: Node, value: Node)]
        if let pairs = node.mapping {
            entries = Self.entries(pairs).map { ($0.key, $0.value) }
        } else if isNull(node) {
            return
        } else if node.scalar != nil {
            entries = [(node, Node(.scalar(Scalar("")), mark: node.mark))]
        } else {
            builder.report(.sectionNotMapping(section: "children", group: parent, found: node.kindName), at: node.mark)
            return
        }
        for (key, value) in entries {
            guard let child = name(of: key, into: &builder) else { continue }
            parseGroup(child, value, keyMark: key.mark, depth: depth + 1, into: &builder)
            builder.addChild(child, to: parent, at: key.mark)
        }
    }

    /// The variables of a mapping, each connection variable checked for shell safety where it
    /// is written.
    private func checkedVariables(_ pairs: [Pair], into builder: inout InventoryBuilder) -> ValueDict {
        var variables = ValueDict()
        for pair in pairs {
            guard let key = name(of: pair.key, into: &builder) else { continue }
            let value = pair.value.toValue()
            if let problem = ShellSafety.connectionVariableProblem(name: key, value: value) {
                builder.report(problem, at: pair.value.mark)
                continue
            }
            variables[key] = value
        }
        return variables
    }

    private func name(of key: Node, into builder: inout InventoryBuilder) -> String? {
        guard let text = key.text else {
            builder.report(.nonScalarKey(found: key.kindName), at: key.mark)
            return nil
        }
        return text
    }

    private func isNull(_ node: Node) -> Bool {
        node.resolvedScalar == .null
    }

    private func isQuoted(_ node: Node) -> Bool {
        node.scalar?.style == .singleQuoted || node.scalar?.style == .doubleQuoted
    }

    /// The entries of a mapping with YAML merge keys (`<<: *defaults`) applied as PyYAML applies
    /// them: merged entries first (in a merge list the earlier mapping wins), then the explicit
    /// entries, each overriding a merged one in place. Marks stay on every entry.
    static func entries(_ pairs: [Pair]) -> [Pair] {
        entries(pairs, depth: 0)
    }

    private static func entries(_ pairs: [Pair], depth: Int) -> [Pair] {
        guard depth < maximumNesting, pairs.contains(where: { isMergeKey($0.key) }) else { return pairs }
        var result: [Pair] = []
        var positions: [String: Int] = [:]
        func put(_ pair: Pair) {
            let key = pair.key.text ?? ""
            if let position = positions[key] {
                result[position] = pair
            } else {
                positions[key] = result.count
                result.append(pair)
            }
        }
        for pair in pairs where isMergeKey(pair.key) {
            let sources = pair.value.mapping != nil ? [pair.value] : (pair.value.sequence ?? []).reversed()
            for source in sources {
                for merged in entries(source.mapping ?? [], depth: depth + 1) { put(merged) }
            }
        }
        for pair in pairs where !isMergeKey(pair.key) { put(pair) }
        return result
    }

    private static func isMergeKey(_ node: Node) -> Bool {
        node.scalar?.style == .plain && node.text == "<<" && (node.tag == nil || node.tag == "!!merge")
    }
}
