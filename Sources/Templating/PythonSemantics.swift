import Values

/// Equality and ordering as Python defines them, which is what Jinja2 expressions use:
/// `1 == 1.0` and `True == 1`, strings ordered by code point, lists compared item by item,
/// and no ordering at all between unrelated types.
enum PythonSemantics {
    /// A number as Python sees it: bools are the ints 0 and 1.
    enum Number {
        case int(Int)
        case double(Double)

        var asDouble: Double {
            switch self {
            case .int(let i): return Double(i)
            case .double(let d): return d
            }
        }
    }

    static func number(_ value: Value) -> Number? {
        switch value {
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .bool(let b): return .int(b ? 1 : 0)
        default: return nil
        }
    }

    static func equal(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.null, .null): return true
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.dict(let x), .dict(let y)):
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { equal(value, $0) } ?? false }
        default:
            guard let x = number(a), let y = number(b) else { return false }
            switch (x, y) {
            case (.int(let i), .int(let j)): return i == j
            default: return x.asDouble == y.asDouble
            }
        }
    }

    /// -1, 0 or 1; `nil` when Python would raise "'<' not supported between instances".
    static func order(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.string(let x), .string(let y)):
            if x.unicodeScalars.elementsEqual(y.unicodeScalars) { return 0 }
            return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) ? -1 : 1
        case (.list(let x), .list(let y)):
            for (p, q) in zip(x, y) where !equal(p, q) {
                return order(p, q)
            }
            return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
        default:
            guard let x = number(a), let y = number(b) else { return nil }
            if case .int(let i) = x, case .int(let j) = y { return i == j ? 0 : (i < j ? -1 : 1) }
            let (p, q) = (x.asDouble, y.asDouble)
            if p.isNaN || q.isNaN { return nil }
            return p == q ? 0 : (p < q ? -1 : 1)
        }
    }

    /// Python's `in`: substring for strings, key for dicts, element for lists.
    static func contains(_ container: Value, _ item: Value) -> Bool? {
        switch container {
        case .string(let s):
            guard case .string(let needle) = item else { return nil }
            return needle.isEmpty || s.contains(needle)
        case .list(let items): return items.contains { equal($0, item) }
        case .dict(let dict):
            if case .string(let key) = item { return dict.contains(key) }
            return dict.contains(item.pythonString) && !(item.isNull)
        default: return nil
        }
    }

    /// Sort key used by `sort`, `min`, `max`, `unique`: strings lower-cased unless asked not to
    /// (Jinja2's filters are case-insensitive by default).
    static func sortKey(_ value: Value, caseSensitive: Bool) -> Value {
        if !caseSensitive, case .string(let s) = value { return .string(s.lowercased()) }
        return value
    }
}
