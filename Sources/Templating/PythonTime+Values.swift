import Values

/// Datetimes nested in lists and dicts, as they leave a render.
///
/// Inside a render a datetime is a one-key dict (see `PythonTime`); nothing outside may see that
/// form. A serializing filter turns each into what Ansible's encoders write for it, and a
/// render whose list or dict holds one becomes the text Python prints for it, as ansible-core's
/// `literal_eval` of that text fails and leaves it text.
extension PythonTime {
    /// `value` with every datetime and timedelta in it replaced by `transform`'s value.
    static func replacing(in value: Value, depth: Int = 0, _ transform: (PythonTime) -> Value) -> Value {
        if let time = PythonTime(value) { return transform(time) }
        // Values come from bounded YAML and templates; the bound only keeps a cycle-free walk finite.
        guard depth < 512 else { return value }
        switch value {
        case .list(let items):
            return .list(items.map { replacing(in: $0, depth: depth + 1, transform) })
        case .dict(let dict):
            var out = ValueDict()
            for (key, item) in dict { out[key] = replacing(in: item, depth: depth + 1, transform) }
            return .dict(out)
        default:
            return value
        }
    }

    /// True when a datetime or timedelta lies anywhere inside `value`.
    static func occurs(in value: Value, depth: Int = 0) -> Bool {
        if PythonTime(value) != nil { return true }
        guard depth < 512 else { return false }
        switch value {
        case .list(let items): return items.contains { occurs(in: $0, depth: depth + 1) }
        case .dict(let dict): return dict.values.contains { occurs(in: $0, depth: depth + 1) }
        default: return false
        }
    }

    /// What Ansible's JSON encoder writes: `isoformat()` for a datetime; a timedelta, which it
    /// cannot encode, as its text.
    var jsonValue: Value {
        switch self {
        case .dateTime(let t): return .string(t.isoFormat(separator: "T"))
        case .delta: return .string(text)
        }
    }

    /// YAML text for `value` as PyYAML writes a datetime in it: a plain timestamp in block
    /// context (`t: 2024-01-15 10:20:30`), but `! '2024-01-15 10:20:30'` inside a flow
    /// collection, where its ':' rules out a plain scalar and quoting needs the non-specific tag.
    /// `emit` writes the value with each datetime replaced by a placeholder word.
    static func yamlText(_ value: Value, emit: (Value) -> String) -> String {
        guard occurs(in: value) else { return emit(value) }
        var texts: [String] = []
        let marked = replacing(in: value) { time in
            texts.append(time.text)
            return .string(placeholder + String(texts.count - 1) + "x")
        }
        var output = emit(marked)
        for (index, text) in texts.enumerated().reversed() {
            let word = placeholder + String(index) + "x"
            var result = ""
            var rest = Substring(output)
            while let range = rest.firstRange(of: word) {
                result += rest[..<range.lowerBound]
                let next = rest[range.upperBound...].first
                result += next == nil || next == "\n" ? text : "! '\(text)'"
                rest = rest[range.upperBound...]
            }
            output = result + rest
        }
        return output
    }

    /// A word the YAML emitter writes plain and no data holds by chance.
    private static let placeholder = "datetimeQ7v2K9w"

}
