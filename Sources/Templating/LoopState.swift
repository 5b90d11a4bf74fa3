import Values

/// Where a `{% for %}` loop is: the items and the current position, from which the `loop`
/// variable's attributes are computed on demand.
struct LoopState {
    let items: [Value]
    var index = 0
    /// What `loop.changed(…)` saw last; nil before its first call.
    var lastChanged: [Value]?
    /// How deep a recursive loop's `loop(…)` calls are, 0 at the top.
    var depth0 = 0

    init(items: [Value], depth0: Int = 0) {
        self.items = items
        self.depth0 = depth0
    }

    /// Jinja2's loop attributes; `previtem`/`nextitem` are absent (undefined) at the ends.
    func attribute(_ name: String) -> Value? {
        let count = items.count
        switch name {
        case "index": return .int(index + 1)
        case "index0": return .int(index)
        case "revindex": return .int(count - index)
        case "revindex0": return .int(count - index - 1)
        case "first": return .bool(index == 0)
        case "last": return .bool(index == count - 1)
        case "length": return .int(count)
        case "depth": return .int(depth0 + 1)
        case "depth0": return .int(depth0)
        case "previtem": return index > 0 ? items[index - 1] : Optional<Value>.none
        case "nextitem": return index + 1 < count ? items[index + 1] : Optional<Value>.none
        default: return nil
        }
    }

    /// The whole `loop` as a dict, for the rare template that uses it as a value.
    var dictionary: Value {
        var dict = ValueDict()
        for name in ["index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0", "previtem", "nextitem"] {
            if let value = attribute(name) { dict[name] = value }
        }
        return .dict(dict)
    }
}
