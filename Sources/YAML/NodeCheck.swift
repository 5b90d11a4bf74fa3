import Diagnostics

/// The structural rules libyaml leaves to the loader: unique keys, scalar keys, standard tags
/// that fit their node, merge keys that merge mappings. Each returns the diagnostic, worded once.
enum NodeCheck {
    private static let scalarTags: Set<String> = [
        "!!str", "!!int", "!!float", "!!bool", "!!null", "!!binary", "!!timestamp", "!!merge", "!!value",
    ]
    private static let mappingTags: Set<String> = ["!!map", "!!set"]
    private static let sequenceTags: Set<String> = ["!!seq", "!!omap", "!!pairs"]

    /// A standard (`!!`) tag that is unknown, put on the wrong kind of node, or contradicted by
    /// the scalar's text, and `!vault`, which cannot be decrypted here. Other local tags such as
    /// `!unsafe` belong to later layers and pass.
    static func tagProblem(_ node: Node) -> Diagnostic? {
        if node.tag == "!vault" {
            // Refused when read rather than when used, so no run starts that would stop on it.
            return .error(
                .wrongType, "values encrypted with Ansible Vault (!vault) are not supported", at: node.mark,
                hint: "decrypt it (ansible-vault decrypt_string) and keep the secret out of the playbook, "
                    + "for example in an environment variable read with lookup('env', …)")
        }
        guard let tag = node.tag, tag.hasPrefix("!!") else { return nil }
        guard scalarTags.contains(tag) || mappingTags.contains(tag) || sequenceTags.contains(tag) else {
            return .error(
                .wrongType, "unsupported tag '\(tag)'", at: node.mark,
                hint: "the standard tags are !!str, !!int, !!float, !!bool, !!null, !!map and !!seq")
        }
        switch node.kind {
        case .scalar(let scalar):
            guard scalarTags.contains(tag) else { return misplaced(tag, on: node) }
            return scalarContradiction(scalar.text, tag: tag, at: node.mark)
        case .mapping:
            return mappingTags.contains(tag) ? nil : misplaced(tag, on: node)
        case .sequence:
            return sequenceTags.contains(tag) ? nil : misplaced(tag, on: node)
        }
    }

    private static func misplaced(_ tag: String, on node: Node) -> Diagnostic {
        .error(.wrongType, "tag '\(tag)' cannot be used on \(node.kindName)", at: node.mark)
    }

    private static func scalarContradiction(_ text: String, tag: String, at mark: Mark) -> Diagnostic? {
        let expected: String
        switch tag {
        case "!!int":
            switch ScalarResolver.integer(text) {
            case .value: return nil
            case .overflow:
                return .error(.wrongType, "'\(text)' is too large for a 64-bit integer", at: mark)
            case nil: expected = "an integer"
            }
        case "!!float":
            guard ScalarResolver.explicitFloat(text) == nil else { return nil }
            expected = "a number"
        case "!!bool":
            guard ScalarResolver.explicitBool(text) == nil else { return nil }
            expected = "a boolean (true/false, yes/no, on/off)"
        default:
            return nil
        }
        return .error(
            .wrongType, "'\(text)' is tagged \(tag) but is not \(expected)", at: mark,
            hint: "remove the tag to keep the text as a string")
    }

    /// `<<` merges a mapping or a list of mappings into the mapping that holds it.
    static func mergeProblem(_ value: Node, writtenAt mark: Mark) -> Diagnostic? {
        switch value.kind {
        case .mapping:
            return nil
        case .sequence(let items):
            guard let index = items.firstIndex(where: { $0.mapping == nil }) else { return nil }
            return .error(
                .wrongType,
                "the merge key '<<' needs a list of mappings, but item \(index + 1) is \(items[index].kindName)",
                at: mark, hint: "list only aliases of mappings: <<: [*defaults, *overrides]")
        case .scalar:
            return .error(
                .wrongType, "the merge key '<<' needs a mapping or a list of mappings, not a scalar",
                at: mark, hint: "write '<<: *anchor' where the anchor names a mapping")
        }
    }

    /// Keys become strings for every later layer; a list or mapping cannot be one.
    static func nonScalarKey(_ key: Node, in mapping: Mark) -> Diagnostic {
        // `msg: {{ var }}` reads as a flow mapping whose first key is the mapping `{ var }`.
        if key.mapping != nil, key.mark.line == mapping.line, key.mark.column == mapping.column + 1 {
            return .error(
                .syntax, "unquoted '{{' starts a YAML mapping, not a template", at: mapping,
                hint: "quote the whole value: key: \"{{ var }}\"")
        }
        return .error(
            .wrongType, "a mapping key must be a scalar, not \(key.kindName)", at: key.mark,
            hint: "quote the key if it is meant as text")
    }

    static func duplicateKey(_ text: String, at mark: Mark, first: Mark) -> Diagnostic {
        let hint =
            text == "<<"
            ? "merge several mappings with one list: <<: [*first, *second]"
            : "remove or rename one of them; only one value can be kept"
        return .error(
            .duplicateKey, "duplicate key '\(text)'", at: mark, hint: hint,
            notes: [Diagnostic.Note(mark: first, message: "'\(text)' is first defined here")])
    }
}
