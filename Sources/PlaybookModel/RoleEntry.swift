import Diagnostics
import Values
import YAML

/// One entry of `roles:` or of a role's `dependencies:`: `- web` or
/// `- {role: web, vars: {…}, tags: […], when: …}`.
struct RoleEntry {
    var name: String
    var nameMark: Mark
    var keywords = InheritableKeywords()
    /// Keys that are not keywords: role parameters if the role knows them as variables.
    var extraKeys: [(key: String, pair: Pair)] = []
    var mark: Mark
}

extension LoadSession {
    func roleEntry(_ node: Node, place: String) -> RoleEntry? {
        if let text = node.text, !node.isNull {
            guard !node.isTemplate else {
                templatedRoleName(at: node.mark)
                return nil
            }
            return RoleEntry(name: text, nameMark: node.mark, mark: node.mark)
        }
        guard node.mapping != nil else {
            error(
                .wrongType, "a \(place) entry must be a role name or a mapping with 'role:', not \(node.describedKind)",
                at: node.mark)
            return nil
        }
        guard let nameNode = node.value(forKey: "role") ?? node.value(forKey: "name"), let name = nameNode.text,
            !nameNode.isNull
        else {
            error(.missingArgument, "a \(place) entry needs 'role: <name>'", at: node.mark)
            return nil
        }
        guard !nameNode.isTemplate else {
            templatedRoleName(at: nameNode.mark)
            return nil
        }
        var entry = RoleEntry(name: name, nameMark: nameNode.mark, mark: node.mark)
        for (key, pair) in node.keyedPairs where key != "role" && key != "name" {
            if Keywords.refuse(key, at: pair.key.mark, in: self) { continue }
            if Keywords.roleEntry.contains(key) {
                _ = readInheritable(key, pair.value, into: &entry.keywords)
            } else {
                entry.extraKeys.append((key, pair))
            }
        }
        checkTemplates(in: node, skipping: Self.nonTemplateKeys)
        return entry
    }

    private func templatedRoleName(at mark: Mark) {
        error(
            .other, "role names in 'roles:' are read at load time and cannot be templated", at: mark,
            hint: "use an 'include_role' task to choose the role at run time")
    }

    /// Extra keys of an entry become role parameters when the role knows them as variables;
    /// anything else is most likely a misspelled keyword.
    func roleParameters(_ entry: RoleEntry, role: RoleContext, knownVariables: Set<String>) -> Variables {
        var parameters = Variables()
        for (key, pair) in entry.extraKeys {
            if knownVariables.contains(key) {
                parameters.values[key] = pair.value.toValue()
                parameters.marks[key] = pair.value.mark
                continue
            }
            let hint =
                Suggestion.didYouMean(key, in: Keywords.roleEntry.sorted())
                ?? Suggestion.didYouMean(key, in: knownVariables.sorted())
                ?? "to pass '\(key)' to role '\(role.name)', put it under 'vars:'"
            error(.unknownKey, "unknown role keyword '\(key)'", at: pair.key.mark, hint: hint)
        }
        return parameters
    }
}
