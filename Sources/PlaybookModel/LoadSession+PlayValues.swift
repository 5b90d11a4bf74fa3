import Diagnostics
import Values
import YAML

/// Readers for the values only plays have.
extension LoadSession {
    /// `serial: 5`, `serial: "30%"`, `serial: [1, 5, "50%"]`, or a template.
    func serial(_ node: Node) -> [Templatable<Play.SerialValue>] {
        if node.isNull { return [] }
        if let items = node.sequence {
            if items.isEmpty {
                error(.wrongType, "'serial' must not be an empty list", at: node.mark)
            }
            return items.compactMap(serialValue)
        }
        return serialValue(node).map { [$0] } ?? []
    }

    private func serialValue(_ node: Node) -> Templatable<Play.SerialValue>? {
        guard let text = node.text?.trimmedWhitespace, !node.isNull else {
            error(
                .wrongType, "'serial' must be a number, a percentage or a list of them, not \(node.describedKind)",
                at: node.mark)
            return nil
        }
        if node.isTemplate { return .template(text, at: node.mark) }
        if text.hasSuffix("%"), let percent = Int(text.dropLast().trimmedSpaces) {
            guard (0...100).contains(percent) else {
                error(.wrongType, "'serial' percentage must be between 0% and 100%, not \(text)", at: node.mark)
                return nil
            }
            return .literal(.percent(percent), at: node.mark)
        }
        if let count = Int(text) {
            guard count >= 0 else {
                error(.wrongType, "'serial' must not be negative", at: node.mark)
                return nil
            }
            return .literal(.count(count), at: node.mark)
        }
        error(
            .wrongType, "'serial' must be a number of hosts or a percentage, not '\(text)'", at: node.mark,
            hint: "e.g. serial: 2, serial: \"25%\" or serial: [1, \"50%\"]")
        return nil
    }

    /// `vars_files:` — file names; a nested list names alternatives (first existing wins).
    func varsFiles(_ node: Node) -> [VarsFile] {
        if node.isNull { return [] }
        let items = node.sequence ?? [node]
        return items.compactMap { item in
            if let text = item.text, !item.isNull { return VarsFile(candidates: [text], mark: item.mark) }
            if let alternatives = item.sequence, !alternatives.isEmpty,
                alternatives.allSatisfy({ $0.text != nil && !$0.isNull })
            {
                return VarsFile(candidates: alternatives.compactMap(\.text), mark: item.mark)
            }
            error(
                .wrongType,
                "each entry of 'vars_files' must be a file name or a list of alternatives, not \(item.describedKind)",
                at: item.mark)
            return nil
        }
    }

    /// A literal that must be one of an enumeration's raw values.
    func enumeration<E: RawRepresentable & CaseIterable & Sendable & Hashable>(
        _ node: Node, _ keyword: String, _ type: E.Type
    ) -> Located<E>? where E.RawValue == String {
        guard let text = string(node, keyword) else { return nil }
        if let value = E(rawValue: text.value) { return Located(value, at: node.mark) }
        let choices = E.allCases.map(\.rawValue)
        error(
            .badChoice, "'\(keyword)' must be one of: \(choices.joined(separator: ", ")); got '\(text.value)'",
            at: node.mark, hint: Suggestion.didYouMean(text.value, in: choices))
        return nil
    }
}
