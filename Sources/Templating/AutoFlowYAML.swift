import Values
import YAML

/// `to_yaml` output as PyYAML writes it with `default_flow_style=None` (Ansible's default):
/// collections that hold only scalars go inline (`a: [1, 2]`), the rest as blocks. The YAML
/// emitter writes each inline piece; this lays out the blocks around them.
enum AutoFlowYAML {
    static func dump(_ value: Value, indent: Int, sortKeys: Bool) -> String {
        let step = (2...9).contains(indent) ? indent : 2
        if isInline(value) { return inline(value, sortKeys: sortKeys) + "\n" }
        guard let lines = block(value, indent: 0, step: step, sortKeys: sortKeys) else {
            // A piece that cannot stay on one line (a multi-line string): block style throughout.
            return withoutDocumentEnd(YAMLEmitter.emit(value, indent: step, flow: false, sortKeys: sortKeys))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Ansible's dumper does not close a scalar document with `...` the way plain PyYAML does.
    static func withoutDocumentEnd(_ text: String) -> String {
        text.hasSuffix("\n...\n") ? String(text.dropLast(4)) : text
    }

    private static func isInline(_ value: Value) -> Bool {
        switch value {
        case .list(let items): return items.allSatisfy(isScalar)
        case .dict(let dict): return dict.values.allSatisfy(isScalar)
        default: return true
        }
    }

    private static func isScalar(_ value: Value) -> Bool {
        switch value {
        case .list, .dict: return false
        default: return true
        }
    }

    /// A scalar as block context writes it (`k: v, w` needs no quotes there), a collection of
    /// scalars in flow style.
    private static func inline(_ value: Value, sortKeys: Bool) -> String {
        var text = withoutDocumentEnd(YAMLEmitter.emit(value, flow: !isScalar(value), sortKeys: sortKeys))
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// The lines of a block collection at `indent`, or nil when an inline piece spans lines.
    private static func block(_ value: Value, indent: Int, step: Int, sortKeys: Bool) -> [String]? {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        switch value {
        case .dict(let dict):
            let keys = sortKeys ? dict.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) } : dict.keys
            for key in keys {
                guard let child = dict[key] else { continue }
                let keyText = inline(.string(key), sortKeys: sortKeys)
                if isInline(child) {
                    let text = inline(child, sortKeys: sortKeys)
                    if text.contains("\n") || keyText.contains("\n") { return nil }
                    lines.append("\(pad)\(keyText): \(text)")
                } else {
                    lines.append("\(pad)\(keyText):")
                    // PyYAML does not indent a sequence under a mapping key.
                    let childIndent = child.listValue != nil ? indent : indent + step
                    guard let nested = block(child, indent: childIndent, step: step, sortKeys: sortKeys) else { return nil }
                    lines += nested
                }
            }
        case .list(let items):
            for child in items {
                if isInline(child) {
                    let text = inline(child, sortKeys: sortKeys)
                    if text.contains("\n") { return nil }
                    lines.append("\(pad)- \(text)")
                } else {
                    guard var nested = block(child, indent: indent + step, step: step, sortKeys: sortKeys), !nested.isEmpty else {
                        return nil
                    }
                    // The first line of a nested block shares the dash's line.
                    let dash = pad + "-" + String(repeating: " ", count: step - 1)
                    nested[0] = dash + nested[0].dropFirst(indent + step)
                    lines += nested
                }
            }
        default:
            return nil
        }
        return lines
    }
}
