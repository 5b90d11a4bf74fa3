/// A piece of data as playbooks see it: what YAML scalars resolve to, what Jinja2 expressions
/// compute, what module results carry. The shape matches JSON plus distinct ints and floats,
/// because Ansible users rely on `3 / 2 == 1.5` and `3 // 2 == 1`.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([Value])
    case dict(ValueDict)

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var intValue: Int? { if case .int(let i) = self { return i } else { return nil } }
    public var listValue: [Value]? { if case .list(let l) = self { return l } else { return nil } }
    public var dictValue: ValueDict? { if case .dict(let d) = self { return d } else { return nil } }

    /// Member access for dicts; `nil` when this is not a dict or has no such key.
    public subscript(key: String) -> Value? {
        if case .dict(let d) = self { return d[key] }
        return nil
    }

    /// The name of the type as Jinja2/Python users know it, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "str"
        case .list: return "list"
        case .dict: return "dict"
        }
    }

    /// Python truthiness, which `when:` and Jinja2 `if` use.
    public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .double(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .list(let l): return !l.isEmpty
        case .dict(let d): return !d.isEmpty
        }
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral,
    ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
    public init(nilLiteral: ()) { self = .null }
    public init(dictionaryLiteral elements: (String, Value)...) {
        var d = ValueDict()
        for (k, v) in elements { d[k] = v }
        self = .dict(d)
    }
}
