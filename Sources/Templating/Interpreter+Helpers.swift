import Values

/// Jinja2's `cycler(…)` and `joiner(sep)`: small objects with state that templates keep in a
/// variable (`{% set row = cycler('odd', 'even') %}`). The state lives in the interpreter for
/// the length of one render; the variable holds a one-key dict naming it, which no YAML or
/// JSON text produces by accident (the key starts with NUL).
extension Interpreter {
    private static let cyclerKey = "\u{0}cycler"
    private static let joinerKey = "\u{0}joiner"

    struct Cycler {
        var items: [Value]
        var position = 0
    }

    struct Joiner {
        var separator: String
        var used = false
    }

    func makeCycler(_ items: [Value], at offset: Int) throws(TemplateFailure) -> Value {
        guard !items.isEmpty else { throw .type("at least one item has to be provided", at: offset) }
        cyclers.append(Cycler(items: items))
        return .dict(ValueDict([(Self.cyclerKey, .int(cyclers.count - 1))]))
    }

    func makeJoiner(_ separator: String) -> Value {
        joiners.append(Joiner(separator: separator))
        return .dict(ValueDict([(Self.joinerKey, .int(joiners.count - 1))]))
    }

    private func handle(_ value: Value, _ key: String, count: Int) -> Int? {
        guard case .dict(let dict) = value, dict.count == 1, case .int(let index)? = dict[key], (0..<count).contains(index) else {
            return nil
        }
        return index
    }

    /// `c.current`, or nil when the value is not a cycler.
    func cyclerAttribute(_ value: Value, _ name: String) -> Value? {
        guard name == "current", let index = handle(value, Self.cyclerKey, count: cyclers.count) else { return nil }
        return cyclers[index].items[cyclers[index].position]
    }

    /// `c.next()` and `c.reset()`, or nil when the value is not a cycler.
    func callCycler(_ value: Value, _ method: String) -> Value? {
        guard let index = handle(value, Self.cyclerKey, count: cyclers.count) else { return nil }
        switch method {
        case "next", "__next__":
            let item = cyclers[index].items[cyclers[index].position]
            cyclers[index].position = (cyclers[index].position + 1) % cyclers[index].items.count
            return item
        case "reset":
            cyclers[index].position = 0
            return .null
        default: return nil
        }
    }

    /// `j()`: nothing the first time, the separator after that; nil when not a joiner.
    func callJoiner(_ value: Value) -> Value? {
        guard let index = handle(value, Self.joinerKey, count: joiners.count) else { return nil }
        defer { joiners[index].used = true }
        return .string(joiners[index].used ? joiners[index].separator : "")
    }
}
