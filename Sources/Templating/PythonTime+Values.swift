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

    /// What PyYAML writes for a datetime: `isoformat(' ')`.
    var yamlValue: Value { .string(text) }
}
