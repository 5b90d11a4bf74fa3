import Diagnostics
import Values
import YAML

/// Readers for keyword values: each returns the typed value or reports why it cannot, at the
/// value's place, and returns nil so parsing continues and finds the next problem too.
extension LoadSession {
    func bool(_ node: Node, _ keyword: String) -> Templatable<Bool>? {
        if node.isNull { return nil }
        if node.isTemplate, let text = node.text { return .template(text, at: node.mark) }
        if let text = node.text, let value = node.yamlBool ?? KeywordBoolean.parse(text) {
            return .literal(value, at: node.mark)
        }
        let shown = node.text.map { "'\($0)'" } ?? node.describedKind
        error(
            .wrongType, "'\(keyword)' must be a boolean, not \(shown)", at: node.mark,
            hint: "use true or false (yes/no and on/off also work)")
        return nil
    }

    func int(_ node: Node, _ keyword: String) -> Templatable<Int>? {
        if node.isNull { return nil }
        if node.isTemplate, let text = node.text { return .template(text, at: node.mark) }
        if let text = node.text, let value = Int(text.trimmedSpaces) {
            return .literal(value, at: node.mark)
        }
        let shown = node.text.map { "'\($0)'" } ?? node.describedKind
        error(.wrongType, "'\(keyword)' must be an integer, not \(shown)", at: node.mark)
        return nil
    }

    func double(_ node: Node, _ keyword: String) -> Templatable<Double>? {
        if node.isNull { return nil }
        if node.isTemplate, let text = node.text { return .template(text, at: node.mark) }
        if let text = node.text, let value = Double(text.trimmedSpaces), value.isFinite {
            return .literal(value, at: node.mark)
        }
        let shown = node.text.map { "'\($0)'" } ?? node.describedKind
        error(.wrongType, "'\(keyword)' must be a number, not \(shown)", at: node.mark)
        return nil
    }

    func string(_ node: Node, _ keyword: String) -> Located<String>? {
        if node.isNull { return nil }
        guard let text = node.text else {
            error(.wrongType, "'\(keyword)' must be a string, not \(node.describedKind)", at: node.mark)
            return nil
        }
        return Located(text, at: node.mark)
    }

    /// `tags:` — a list, or a comma-separated string, of names (numbers are names too).
    func tags(_ node: Node, _ keyword: String = "tags") -> [String] {
        if node.isNull { return [] }
        if let text = node.text {
            return text.split(separator: ",").map { $0.trimmedSpaces }.filter { !$0.isEmpty }
        }
        return scalarList(node, keyword, what: "tag names")
    }

    /// `notify:`, `listen:` — one name, or a list of names.
    func names(_ node: Node, _ keyword: String) -> [Located<String>] {
        if node.isNull { return [] }
        if let text = node.text { return [Located(text, at: node.mark)] }
        guard let items = node.sequence else {
            error(
                .wrongType, "'\(keyword)' must be a name or a list of names, not \(node.describedKind)", at: node.mark)
            return []
        }
        return items.compactMap { item in
            guard let text = item.text, !item.isNull else {
                // `- role : handler` unquoted is a one-entry mapping to YAML.
                let pair = item.mapping?.count == 1 ? item.mapping?.first : nil
                let hint = pair.flatMap { pair in
                    pair.key.text.flatMap { key in pair.value.text.map { "quote it: - \"\(key) : \($0)\"" } }
                }
                error(
                    .wrongType, "each entry of '\(keyword)' must be a name, not \(item.describedKind)", at: item.mark,
                    hint: hint)
                return nil
            }
            return Located(text, at: item.mark)
        }
    }

    private func scalarList(_ node: Node, _ keyword: String, what: String) -> [String] {
        guard let items = node.sequence else {
            error(.wrongType, "'\(keyword)' must be a list of \(what), not \(node.describedKind)", at: node.mark)
            return []
        }
        return items.compactMap { item in
            guard let text = item.text, !item.isNull else {
                error(
                    .wrongType, "each entry of '\(keyword)' must be a scalar, not \(item.describedKind)", at: item.mark)
                return nil
            }
            return text
        }
    }

    /// A list of strings where a single string also counts (`gather_subset`, `collections`).
    func stringList(_ node: Node, _ keyword: String) -> [String] {
        if node.isNull { return [] }
        if let text = node.text { return [text] }
        return scalarList(node, keyword, what: "strings")
    }
}
