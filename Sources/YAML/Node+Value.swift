import Values

extension Node {
    /// YAML 1.1 resolution of the whole subtree as Ansible (PyYAML) does it: plain scalars
    /// true/false/yes/no/on/off in their PyYAML case forms (not y/n) become booleans; ints with
    /// `0x`, `0b`, leading-zero octal (0644 → 420), underscores and sexagesimal (1:30 → 90);
    /// floats with a dot, `.inf`/`.nan` and signed exponents; `~`/`null`/empty → null. Quoted and
    /// block scalars stay strings, explicit `!!` tags are honoured, `<<` merge keys are applied
    /// (explicit keys win), and mapping keys become their text.
    ///
    /// The recursion is bounded by the loader's depth limit, which counts aliases as expanded.
    public func toValue() -> Value {
        let value: Value
        switch kind {
        case .scalar(let scalar):
            value = ScalarResolver.resolve(scalar, tag: tag)
        case .sequence(let items):
            value = .list(items.map { $0.toValue() })
        case .mapping(let pairs):
            value = .dict(Node.dictionary(from: pairs))
        }
        return tag == "!unsafe" ? Node.neverTemplated(value) : value
    }

    /// `!unsafe` text is never templated (Ansible marks it AnsibleUnsafe). Text with template
    /// markers is wrapped in a `{% raw %}` block, which renders back to exactly the text; an
    /// `endraw` inside is split across two blocks so that it cannot close the first one.
    static func neverTemplated(_ value: Value) -> Value {
        switch value {
        case .string(let text):
            guard text.contains("{{") || text.contains("{%") || text.contains("{#") else { return value }
            let pieces = text.split(separator: "endraw", omittingEmptySubsequences: false)
            return .string(pieces.enumerated().map { index, piece in
                let prefix = index == 0 ? "" : "raw"
                let suffix = index == pieces.count - 1 ? "" : "end"
                return "{% raw +%}" + prefix + piece + suffix + "{% endraw +%}"
            }.joined())
        case .list(let items): return .list(items.map(neverTemplated))
        case .dict(let dict):
            var out = ValueDict()
            for (key, item) in dict { out[key] = neverTemplated(item) }
            return .dict(out)
        default: return value
        }
    }

    /// The scalar resolved alone; nil for a list or mapping.
    public var resolvedScalar: Value? {
        guard case .scalar(let scalar) = kind else { return nil }
        return ScalarResolver.resolve(scalar, tag: tag)
    }

    /// True for a `<<` key that YAML 1.1 treats as a merge (a quoted `"<<"` is an ordinary key).
    var isMergeKey: Bool {
        guard case .scalar(let scalar) = kind else { return false }
        return scalar.style == .plain && scalar.text == "<<" && (tag == nil || tag == "!!merge")
    }

    /// The text a key stands for once keys are strings; a collection key (which the loader
    /// reports) is written out in flow style so nothing is silently dropped.
    var keyText: String {
        if case .scalar(let scalar) = kind { return scalar.text }
        var text = YAMLEmitter.emit(toValue(), flow: true)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// PyYAML's order of events: merged pairs first (a merge list read so the earlier mapping
    /// wins), then the explicit pairs, later entries overwriting earlier ones in place.
    private static func dictionary(from pairs: [Pair]) -> ValueDict {
        var result = ValueDict()
        guard pairs.contains(where: { $0.key.isMergeKey }) else {
            for pair in pairs { result[pair.key.keyText] = pair.value.toValue() }
            return result
        }
        for pair in pairs where pair.key.isMergeKey {
            for source in mergeSources(pair.value) {
                result.merge(source)
            }
        }
        for pair in pairs where !pair.key.isMergeKey {
            result[pair.key.keyText] = pair.value.toValue()
        }
        return result
    }

    /// The mappings a `<<` value merges, last-listed first so that earlier ones overwrite.
    private static func mergeSources(_ value: Node) -> [ValueDict] {
        switch value.kind {
        case .mapping:
            return value.toValue().dictValue.map { [$0] } ?? []
        case .sequence(let items):
            return items.reversed().compactMap { $0.mapping == nil ? nil : $0.toValue().dictValue }
        case .scalar:
            // The loader reports this; there is nothing to merge.
            return []
        }
    }
}
