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

    /// The pairs of a mapping with their keys as text, YAML merge keys (`<<: *defaults`)
    /// applied: merged pairs come first and keys written explicitly win. Non-scalar keys are
    /// dropped (the YAML layer reports them).
    var keyedPairs: [(key: String, pair: Pair)] {
        keyedPairs(depth: 0)
    }

    private func keyedPairs(depth: Int) -> [(key: String, pair: Pair)] {
        guard let pairs = mapping, depth < 64 else { return [] }
        var explicit: [(key: String, pair: Pair)] = []
        var merged: [(key: String, pair: Pair)] = []
        for pair in pairs {
            guard let key = pair.key.text else { continue }
            if key == "<<", pair.key.scalar?.style == .plain {
                let sources = pair.value.sequence ?? [pair.value]
                for source in sources { merged += source.keyedPairs(depth: depth + 1) }
            } else {
                explicit.append((key, pair))
            }
        }
        guard !merged.isEmpty else { return explicit }
        let explicitKeys = Set(explicit.map(\.key))
        var seen = Set<String>()
        let inherited = merged.filter { !explicitKeys.contains($0.key) && seen.insert($0.key).inserted }
        return inherited + explicit
    }

    /// The value of `key` in a mapping, merge keys applied.
    func value(forKey key: String) -> Node? {
        keyedPairs.first { $0.key == key }?.pair.value
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
