import Diagnostics
import YAML

extension Node {
    /// A scalar whose meaning is only known after templating (`"{{ x }}"`, `{% if %}`).
    var isTemplate: Bool {
        guard let text else { return false }
        return text.contains("{{") || text.contains("{%")
    }

    /// A plain scalar YAML reads as null: `key:`, `key: ~`, `key: null`.
    var isNull: Bool {
        guard let scalar, scalar.style == .plain, tag == nil else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.text)
    }

    /// A plain scalar YAML 1.1 reads as a boolean, the way PyYAML (and so Ansible) does.
    var yamlBool: Bool? {
        guard let scalar, scalar.style == .plain, tag == nil else { return nil }
        switch scalar.text {
        case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": return true
        case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": return false
        default: return nil
        }
    }

    /// The pairs of a mapping with their keys as text; non-scalar keys are dropped (YAML
    /// allows them, playbooks never use them).
    var keyedPairs: [(key: String, pair: Pair)] {
        (mapping ?? []).compactMap { pair in pair.key.text.map { ($0, pair) } }
    }

    /// What a value is, for "must be X, not Y" messages.
    var describedKind: String {
        switch kind {
        case .scalar: return isNull ? "empty" : "a scalar"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

/// Ansible's boolean conversion for keywords: strict, case-insensitive.
enum KeywordBoolean {
    static let trueWords: Set<String> = ["y", "yes", "on", "1", "true", "t"]
    static let falseWords: Set<String> = ["n", "no", "off", "0", "false", "f"]

    static func parse(_ text: String) -> Bool? {
        let lowered = text.lowercased()
        if trueWords.contains(lowered) { return true }
        if falseWords.contains(lowered) { return false }
        return nil
    }
}
