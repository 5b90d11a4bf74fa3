import Values

/// Writes a `Value` as YAML for `to_yaml` / `to_nice_yaml`, shaped like PyYAML's output so that
/// templates render what Ansible users are used to: keys sorted, lists inside mappings not
/// indented (`key:\n- a`), `-   key: v` with indent 4, empty collections as `{}` / `[]`, and a plain
/// scalar document closed with `...`.
///
/// Strings are quoted whenever plain text would read back as something else (`'yes'`, `'0644'`,
/// `'1.0'`, `''`, `'a: b'`), so emitting and loading again always gives the same value.
/// Multi-line strings are written as literal blocks (`|`) where that is exact, which reads better
/// than PyYAML's folded quoting; long lines are never wrapped.
public enum YAMLEmitter {
    /// Serialises a Value as YAML. `flow` is PyYAML's `default_flow_style`: `false` writes block
    /// style with `indent` (clamped to 2…9 as PyYAML does); `true` writes `{a: 1, b: [x, y]}`;
    /// `nil` (what Ansible's `to_yaml` uses) writes a collection inline when it holds only
    /// scalars and as a block otherwise. `sortKeys` follows PyYAML's `sort_keys`.
    public static func emit(_ value: Value, indent: Int = 2, flow: Bool? = false, sortKeys: Bool = true) -> String {
        var writer = Writer(
            indent: (2...9).contains(indent) ? indent : 2, sortKeys: sortKeys, inlineLeafCollections: flow == nil)
        if flow == true {
            writer.writeFlow(value)
            writer.out += "\n"
            if writer.rootWasPlainScalar { writer.out += "...\n" }
        } else {
            writer.writeDocument(value)
        }
        return writer.out
    }

    struct Writer {
        let indent: Int
        let sortKeys: Bool
        /// PyYAML's `default_flow_style=None`: a collection of scalars only is written inline.
        let inlineLeafCollections: Bool
        var out = ""
        /// PyYAML ends a document whose root is a plain scalar with `...`, since nothing else
        /// would mark where the open-ended plain text stops.
        var rootWasPlainScalar = false

        init(indent: Int, sortKeys: Bool, inlineLeafCollections: Bool) {
            self.indent = indent
            self.sortKeys = sortKeys
            self.inlineLeafCollections = inlineLeafCollections
        }

        /// Whether a collection goes inline (`[a, b]`) rather than as a block.
        private func isInline(_ value: Value) -> Bool {
            switch value {
            case .dict(let dict): return dict.isEmpty || (inlineLeafCollections && dict.values.allSatisfy(isScalar))
            case .list(let list): return list.isEmpty || (inlineLeafCollections && list.allSatisfy(isScalar))
            default: return true
            }
        }

        private func isScalar(_ value: Value) -> Bool {
            switch value {
            case .dict, .list: return false
            default: return true
            }
        }

        mutating func writeDocument(_ value: Value) {
            switch value {
            case .dict(let dict) where !isInline(value):
                writeMapping(dict, column: 0, continuesLine: false)
            case .list(let list) where !isInline(value):
                writeSequence(list, column: 0, continuesLine: false)
            default:
                writeInlineValue(value, contentColumn: indent, root: true)
                out += "\n"
                if rootWasPlainScalar { out += "...\n" }
            }
        }

        /// `continuesLine`: the cursor already sits at `column` after a `- `, so the first key
        /// goes on this line.
        private mutating func writeMapping(_ dict: ValueDict, column: Int, continuesLine: Bool) {
            var first = true
            for key in orderedKeys(dict) {
                guard let value = dict[key] else { continue }
                if !(first && continuesLine) { out += spaces(column) }
                first = false
                if ScalarStyle.needsExplicitKey(key) {
                    out += "? " + ScalarStyle.quotedSingleLine(key) + "\n" + spaces(column) + ":"
                } else {
                    out += ScalarStyle.key(key, flow: false) + ":"
                }
                writeMappingValue(value, column: column)
            }
        }

        private mutating func writeMappingValue(_ value: Value, column: Int) {
            switch value {
            case .dict(let dict) where !isInline(value):
                out += "\n"
                writeMapping(dict, column: column + indent, continuesLine: false)
            case .list(let list) where !isInline(value):
                out += "\n"
                writeSequence(list, column: column, continuesLine: false)
            default:
                out += " "
                writeInlineValue(value, contentColumn: column + indent, root: false)
                out += "\n"
            }
        }

        private mutating func writeSequence(_ list: [Value], column: Int, continuesLine: Bool) {
            // PyYAML pads a nested collection out to the indentation column (`-   key: v` with
            // indent 4) but writes a scalar right after `- `.
            let collectionMarker = "-" + spaces(indent - 1)
            for (index, item) in list.enumerated() {
                if !(index == 0 && continuesLine) { out += spaces(column) }
                switch item {
                case .dict(let dict) where !isInline(item):
                    out += collectionMarker
                    writeMapping(dict, column: column + indent, continuesLine: true)
                case .list(let inner) where !isInline(item):
                    out += collectionMarker
                    writeSequence(inner, column: column + indent, continuesLine: true)
                default:
                    out += "- "
                    writeInlineValue(item, contentColumn: column + indent, root: false)
                    out += "\n"
                }
            }
        }

        /// A scalar or an inline collection, written where the cursor is. A literal block's lines
        /// go at `contentColumn`.
        private mutating func writeInlineValue(_ value: Value, contentColumn: Int, root: Bool) {
            switch value {
            case .dict, .list:
                writeFlow(value, root: false)
            case .string(let text):
                if let block = ScalarStyle.literalBlock(text, column: contentColumn, indent: indent) {
                    out += block
                    return
                }
                let written = ScalarStyle.string(text, flow: false)
                if root { rootWasPlainScalar = written.isPlain }
                out += written.text
            default:
                out += ScalarStyle.nonString(value)
                if root { rootWasPlainScalar = true }
            }
        }

        mutating func writeFlow(_ value: Value, root: Bool = true) {
            switch value {
            case .dict(let dict):
                out += "{"
                for (index, key) in orderedKeys(dict).enumerated() {
                    if index > 0 { out += ", " }
                    out += ScalarStyle.key(key, flow: true) + ": "
                    if let item = dict[key] { writeFlow(item, root: false) }
                }
                out += "}"
            case .list(let list):
                out += "["
                for (index, item) in list.enumerated() {
                    if index > 0 { out += ", " }
                    writeFlow(item, root: false)
                }
                out += "]"
            case .string(let text):
                let written = ScalarStyle.string(text, flow: true)
                if root { rootWasPlainScalar = written.isPlain }
                out += written.text
            default:
                out += ScalarStyle.nonString(value)
                if root { rootWasPlainScalar = true }
            }
        }

        private func orderedKeys(_ dict: ValueDict) -> [String] {
            guard sortKeys else { return dict.keys }
            // Python compares strings by code point; so must we, for the same order.
            return dict.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        }

        private func spaces(_ count: Int) -> String {
            String(repeating: " ", count: max(0, count))
        }
    }
}
