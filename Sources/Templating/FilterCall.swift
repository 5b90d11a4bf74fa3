import Values

/// One application of a filter or test: the input, the arguments, and accessors that read an
/// argument by position or keyword the way Python binds them.
struct FilterCall {
    let name: String
    let input: Value
    let positional: [Value]
    let keywords: ValueDict
    let offset: Int
    let interpreter: Interpreter

    /// The argument at `position` (after the input) or named `keyword`.
    func argument(_ position: Int, _ keyword: String) -> Value? {
        if let named = keywords[keyword] { return named }
        // Spelled out: a bare `nil` here would become Value.null through ExpressibleByNilLiteral.
        return position < positional.count ? positional[position] : Optional<Value>.none
    }

    func string(_ position: Int, _ keyword: String, default fallback: String? = nil) throws(TemplateFailure) -> String {
        guard let value = argument(position, keyword) else {
            if let fallback { return fallback }
            throw fail("missing argument '\(keyword)'")
        }
        guard case .string(let s) = value else {
            throw fail("argument '\(keyword)' must be a string, not \(value.typeName)")
        }
        return s
    }

    func int(_ position: Int, _ keyword: String, default fallback: Int) throws(TemplateFailure) -> Int {
        guard let value = argument(position, keyword), !value.isNull else { return fallback }
        guard let i = Interpreter.integerIndex(value) else {
            throw fail("argument '\(keyword)' must be an integer, not \(value.typeName)")
        }
        return i
    }

    func bool(_ position: Int, _ keyword: String, default fallback: Bool) -> Bool {
        guard let value = argument(position, keyword) else { return fallback }
        return value.isTruthy
    }

    func fail(_ message: String) -> TemplateFailure {
        TemplateFailure(.filterError, "\(name): \(message)", at: offset)
    }

    func typeFailure(_ expected: String) -> TemplateFailure {
        TemplateFailure(.typeError, "\(name) expects \(expected), got \(input.typeName)", at: offset)
    }

    var inputString: String {
        get throws(TemplateFailure) {
            guard case .string(let s) = input else { throw typeFailure("a string") }
            return s
        }
    }

    /// The input as a list: lists as they are, dict keys, string characters.
    var inputItems: [Value] {
        get throws(TemplateFailure) {
            switch input {
            case .list(let items): return items
            case .dict(let dict): return dict.keys.map { .string($0) }
            case .string(let s): return s.map { .string(String($0)) }
            default: throw typeFailure("a list")
            }
        }
    }

    var inputDict: ValueDict {
        get throws(TemplateFailure) {
            guard case .dict(let d) = input else { throw typeFailure("a dict") }
            return d
        }
    }

    /// The same call with a different input, for filters built on other filters.
    func with(input: Value) -> FilterCall {
        FilterCall(name: name, input: input, positional: positional, keywords: keywords, offset: offset, interpreter: interpreter)
    }

    /// Reads `attribute` (dotted, `a.b.0`) from an item, as Jinja2's `attribute=` arguments do.
    func attribute(_ path: String, of item: Value) -> Value? {
        var current = item
        for part in path.split(separator: ".") {
            if case .list(let items) = current, let i = Int(part), i >= 0, i < items.count {
                current = items[i]
            } else if case .list(let items) = current, items.count == 2, part == "grouper" || part == "list" {
                // A groupby result is a named tuple (grouper, list); a list has no such attributes.
                current = items[part == "grouper" ? 0 : 1]
            } else if let next = current[String(part)] {
                current = next
            } else {
                return nil
            }
        }
        return current
    }
}

typealias FilterFunction = @Sendable (FilterCall) throws(TemplateFailure) -> Value
typealias TestFunction = @Sendable (FilterCall) throws(TemplateFailure) -> Bool
