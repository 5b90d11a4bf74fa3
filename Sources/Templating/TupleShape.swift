import Values

/// Where a value holds Python tuples, known from the expression that computed it.
///
/// Values keep tuples as lists, which is right for everything but printing: Python prints
/// `('a', 1)` where a list prints `['a', 1]`, and ansible-core's text shows it, as in
/// `"pairs: {{ d.items() | list }}"` or `{{ path | splitext }}`. The producers of tuples are few
/// and known (tuple literals, `items()`, `partition`, `dictsort`, `zip`, `groupby`,
/// `splitext`…), so the expression says where they are; a loop variable over them keeps it, a
/// value that went through `set` or a play variable has lost it and prints as a list.
indirect enum TupleShape: Equatable {
    /// A tuple whose items have the given shape.
    case tuple(TupleShape)
    /// A list whose items have the given shape.
    case list(TupleShape)
    /// One of `groupby`'s results: a `(grouper, list)` tuple whose parts are also attributes.
    case group
    case plain

    /// Filters whose result is a list of tuples.
    private static let tupleListFilters: Set<String> = [
        "dictsort", "zip", "zip_longest", "product", "combinations", "permutations",
    ]
    /// Filters whose result is one tuple.
    private static let tupleFilters: Set<String> = ["splitext", "win_splitdrive"]
    /// Filters that keep the items they are given (as a list).
    private static let keepingFilters: Set<String> = [
        "list", "sort", "reverse", "unique", "select", "reject", "selectattr", "rejectattr", "shuffle",
    ]
    /// Filters that pick one item.
    private static let pickingFilters: Set<String> = ["first", "last", "random"]

    /// `names`: variables known to hold tuples, such as a loop's variable over `d.items()`.
    static func of(_ expression: Expression, names: [String: TupleShape] = [:], depth: Int = 0) -> TupleShape {
        // Expressions are bounded in height by the parser; this only keeps the walk finite.
        guard depth < 128 else { return .plain }
        switch expression.kind {
        case .list(let items):
            let common = commonShape(items.map { of($0, names: names, depth: depth + 1) })
            if expression.isTuple { return .tuple(common) }
            return common == .plain ? .plain : .list(common)
        case .call(let callee, let arguments):
            guard case .attribute(_, let method) = callee.kind, arguments.isEmpty || method.hasSuffix("partition")
            else { return .plain }
            switch method {
            case "items": return .list(.tuple(.plain))
            case "partition", "rpartition": return .tuple(.plain)
            default: return .plain
            }
        case .filter(let input, let name, _):
            let name = FilterLibrary.canonicalName(name)
            if tupleListFilters.contains(name) { return .list(.tuple(.plain)) }
            if name == "groupby" { return .list(.group) }
            if tupleFilters.contains(name) { return .tuple(.plain) }
            let inputShape = of(input, names: names, depth: depth + 1)
            if keepingFilters.contains(name) { return inputShape.item == .plain ? .plain : .list(inputShape.item) }
            if pickingFilters.contains(name) { return inputShape.item }
            return .plain
        case .index(let base, let key):
            guard case .literal(.int) = key.kind else { return .plain }
            return of(base, names: names, depth: depth + 1).item
        case .slice(let base, _, _, _):
            return of(base, names: names, depth: depth + 1)
        case .name(let name):
            // A macro's extra positional arguments are a tuple.
            return names[name] ?? (name == "varargs" ? .tuple(.plain) : .plain)
        default:
            return .plain
        }
    }

    var isTuple: Bool {
        switch self {
        case .tuple, .group: return true
        case .list, .plain: return false
        }
    }

    /// The shape of one item of a list or tuple of this shape.
    var item: TupleShape {
        switch self {
        case .tuple(let inner), .list(let inner): return inner
        case .group, .plain: return .plain
        }
    }

    private static func commonShape(_ shapes: [TupleShape]) -> TupleShape {
        guard let first = shapes.first, shapes.allSatisfy({ $0 == first }) else { return .plain }
        return first
    }

    /// Python's `str()` of the value, with tuples where this shape has them.
    func text(of value: Value) -> String {
        if case .string(let s) = value { return s }
        return repr(of: value)
    }

    /// Python's `repr()` of the value, with tuples where this shape has them.
    func repr(of value: Value) -> String {
        guard case .list(let items) = value, self != .plain else { return value.pythonRepr }
        let inner = item
        let parts = items.map { inner.repr(of: $0) }.joined(separator: ", ")
        switch self {
        case .tuple, .group: return items.count == 1 ? "(\(parts),)" : "(\(parts))"
        default: return "[\(parts)]"
        }
    }
}
