import Diagnostics
import Values

extension Interpreter {
    func evaluate(_ expression: Expression) throws(TemplateFailure) -> Operand {
        let offset = expression.offset
        switch expression.kind {
        case .literal(let value):
            return .value(value)
        case .name(let name):
            return try lookup(name, at: offset)
        case .attribute(let base, let name):
            if case .name("loop") = base.kind, let attribute = loopAttribute(name) { return attribute }
            if let variable = try variableThroughVars(base, key: .string(name), at: offset) { return variable }
            let container = try evaluate(base)
            // `group.grouper` and `group.list` of a groupby result, which is a named tuple.
            if name == "grouper" || name == "list", case .value(.list(let parts)) = container, parts.count == 2,
                TupleShape.of(base, names: tupleNames) == .group
            {
                return .value(parts[name == "grouper" ? 0 : 1])
            }
            return member(of: container, named: name, path: expression.path, basePath: base.path, at: offset)
        case .index(let base, let key):
            let keyValue = try evaluate(key).require()
            if let variable = try variableThroughVars(base, key: keyValue, at: offset) { return variable }
            let container = try evaluate(base)
            return item(of: container, key: keyValue, path: expression.path, basePath: base.path, at: offset)
        case .slice(let base, let start, let stop, let step):
            let value = try evaluate(base).require()
            return .value(try slice(value, start: start, stop: stop, step: step, at: offset))
        case .list(let items):
            var values: [Value] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try evaluate(item).require()) }
            return .value(.list(values))
        case .dict(let pairs):
            var dict = ValueDict()
            for (keyExpression, valueExpression) in pairs {
                let key = try evaluate(keyExpression).require()
                dict[key.pythonString] = try evaluate(valueExpression).require()
            }
            return .value(.dict(dict))
        case .unary(let op, let operand):
            return .value(try unary(op, try evaluate(operand).require(), at: offset))
        case .binary(let op, let left, let right):
            let l = try evaluate(left).require()
            let r = try evaluate(right).require()
            if op == .concat {
                return .value(.string(concatText(l, of: left) + concatText(r, of: right)))
            }
            // A tuple on the right of `%` always spreads, even one holding a single tuple.
            if op == .modulo, case .string(let format) = l, case .list(let items) = r {
                let shape = TupleShape.of(right, names: tupleNames)
                if shape.isTuple {
                    let arguments = items.map { item in
                        if case .list = item, shape.item != .plain { return Value.string(shape.item.text(of: item)) }
                        return item
                    }
                    return .value(.string(try PythonFormat.percent(format, arguments: arguments, keywords: ValueDict(), at: offset)))
                }
                // A list written as one is a single argument, as in Python.
                if case .list = right.kind {
                    return .value(.string(try PythonFormat.percent(format, arguments: [r], keywords: ValueDict(), at: offset)))
                }
            }
            return .value(try binary(op, l, r, at: offset))
        case .compare(let first, let operations):
            var left = try evaluate(first).require()
            for (op, operandExpression) in operations {
                let right = try evaluate(operandExpression).require()
                guard try compare(op, left, right, at: operandExpression.offset) else { return .value(false) }
                left = right
            }
            return .value(true)
        case .and(let left, let right):
            let l = try evaluate(left)
            return l.isTruthy ? try evaluate(right) : l
        case .or(let left, let right):
            let l = try evaluate(left)
            return l.isTruthy ? l : try evaluate(right)
        case .not(let operand):
            return .value(.bool(!(try evaluate(operand).isTruthy)))
        case .conditional(let condition, let then, let otherwise):
            if try evaluate(condition).isTruthy { return try evaluate(then) }
            if let otherwise { return try evaluate(otherwise) }
            var undefined = Operand.Undefined(path: condition.path, hint: "add an 'else' part, or use | default", offset: offset)
            undefined.message = "the inline if-expression is false and has no 'else'"
            undefined.printsEmpty = true
            return .undefined(undefined)
        case .filter(let base, let name, let arguments):
            if let kept = try filterOverMissingItems(base, name, arguments) { return .value(kept) }
            let input = try evaluate(base)
            // Jinja2's string filter gives its own text type, whose name type_debug shows.
            if FilterLibrary.canonicalName(name) == "type_debug", case .filter(_, let inner, let innerArguments) = base.kind,
                FilterLibrary.canonicalName(inner) == "string", innerArguments.isEmpty, input.isDefined
            {
                return .value("NativeJinjaText")
            }
            // `string` and `type_debug` of a tuple: what only the expression knows.
            if arguments.isEmpty, case .value(.list(let items)) = input {
                switch FilterLibrary.canonicalName(name) {
                case "string": return .value(.string(TupleShape.of(base, names: tupleNames).text(of: .list(items))))
                case "type_debug" where TupleShape.of(base, names: tupleNames).isTuple: return .value("tuple")
                default: break
                }
            }
            return try applyFilter(name, to: input, arguments, basePath: base.path, at: offset)
        case .test(let base, let name, let arguments, let negated):
            let result = try applyTest(name, to: try evaluate(base), arguments, at: offset)
            return .value(.bool(result != negated))
        case .call(let callee, let arguments):
            return .value(try call(callee, arguments, at: offset))
        }
    }

    // MARK: - Member and item access

    /// Ansible's `vars` holds every variable of the host: `vars['port_' + name]` and
    /// `vars.port` look the variable up by name, when no variable is itself called `vars`.
    private func variableThroughVars(_ base: Expression, key: Value, at offset: Int) throws(TemplateFailure) -> Operand? {
        guard case .name("vars") = base.kind, case .string(let name) = key else { return nil }
        if case .value = try lookup("vars", at: offset) { return nil }
        let found = try lookup(name, at: offset)
        guard case .undefined(var undefined) = found else { return found }
        undefined.path = "vars['\(name)']"
        return .undefined(undefined)
    }

    /// `a.b`: the key of a dict; `a.0` is parsed as an index instead.
    /// Paths are autoclosures: they are only spelled out when something is undefined, which
    /// keeps successful lookups (nearly all of them) cheap.
    func member(
        of base: Operand, named name: String, path: @autoclosure () -> String, basePath: @autoclosure () -> String,
        at offset: Int
    ) -> Operand {
        guard case .value(let value) = base else {
            if case .undefined(let u) = base { return .undefined(u.extended(to: path())) }
            return base
        }
        if let current = cyclerAttribute(value, name) { return .value(current) }
        if let time = PythonTime(value) {
            if let found = time.attribute(name) { return .value(found) }
            let parent = basePath()
            return .undefined(.init(path: path(), hint: "'\(parent)' is a \(time.typeName), which has no attribute '\(name)'", offset: offset))
        }
        if case .dict(let dict) = value {
            if let found = dict[name] { return .value(found) }
            let parent = basePath()
            return .undefined(.init(path: path(), hint: "'\(parent)' has no key '\(name)'\(Self.suggestion(name, dict))", offset: offset))
        }
        let parent = basePath()
        return .undefined(.init(path: path(), hint: "'\(parent)' is a \(value.typeName), which has no attribute '\(name)'", offset: offset))
    }

    /// `a[k]`: dict key, list or string position (negative counts from the end).
    func item(
        of base: Operand, key: Value, path: @autoclosure () -> String, basePath: @autoclosure () -> String, at offset: Int
    ) -> Operand {
        guard case .value(let value) = base else {
            if case .undefined(let u) = base { return .undefined(u.extended(to: path())) }
            return base
        }
        switch (value, key) {
        case (.dict(let dict), .string(let k)):
            if let found = dict[k] { return .value(found) }
            let parent = basePath()
            return .undefined(.init(path: path(), hint: "'\(parent)' has no key '\(k)'\(Self.suggestion(k, dict))", offset: offset))
        case (.dict(let dict), _):
            // Mapping keys are strings here; `d[1]` finds the key "1" that YAML would have given.
            if let found = dict[key.pythonString] { return .value(found) }
            let parent = basePath()
            return .undefined(.init(path: path(), hint: "'\(parent)' has no key \(key.pythonRepr)", offset: offset))
        case (.list(let items), _):
            if let i = Self.integerIndex(key) {
                let position = i < 0 ? items.count + i : i
                if position >= 0, position < items.count { return .value(items[position]) }
                let parent = basePath()
                return .undefined(.init(path: path(), hint: "'\(parent)' has \(items.count) item\(items.count == 1 ? "" : "s")", offset: offset))
            }
        case (.string(let s), _):
            if let i = Self.integerIndex(key) {
                let characters = Array(s)
                let position = i < 0 ? characters.count + i : i
                if position >= 0, position < characters.count { return .value(.string(String(characters[position]))) }
                let parent = basePath()
                return .undefined(.init(path: path(), hint: "'\(parent)' has \(characters.count) characters", offset: offset))
            }
        default:
            break
        }
        if case .string(let name) = key {
            return member(of: base, named: name, path: path(), basePath: basePath(), at: offset)
        }
        return .undefined(.init(path: path(), hint: "a \(value.typeName) cannot be indexed by \(key.pythonRepr)", offset: offset))
    }

    /// "; did you mean 'port'?" when a key close to the missing one exists.
    static func suggestion(_ key: String, _ dict: ValueDict) -> String {
        Suggestion.closest(to: key, in: dict.keys).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Python treats booleans as the integers 0 and 1.
    static func integerIndex(_ key: Value) -> Int? {
        switch key {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    private func slice(_ value: Value, start: Expression?, stop: Expression?, step: Expression?, at offset: Int)
        throws(TemplateFailure) -> Value
    {
        func bound(_ e: Expression?) throws(TemplateFailure) -> Int? {
            guard let e else { return nil }
            let v = try evaluate(e).require()
            if v.isNull { return nil }
            guard let i = Self.integerIndex(v) else {
                throw .type("slice indices must be integers or None, not \(v.typeName)", at: e.offset)
            }
            return i
        }
        let (lower, upper, stride) = (try bound(start), try bound(stop), try bound(step) ?? 1)
        guard stride != 0 else { throw .type("slice step cannot be zero", at: offset) }
        switch value {
        case .list(let items):
            return .list(Self.slicePositions(count: items.count, lower, upper, stride).map { items[$0] })
        case .string(let s):
            let characters = Array(s)
            return .string(String(Self.slicePositions(count: characters.count, lower, upper, stride).map { characters[$0] }))
        default:
            throw .type("'\(value.typeName)' object is not subscriptable", at: offset)
        }
    }

    /// The positions Python's `seq[lower:upper:stride]` selects.
    static func slicePositions(count: Int, _ lower: Int?, _ upper: Int?, _ stride: Int) -> [Int] {
        func clamp(_ i: Int, low: Int, high: Int) -> Int {
            let adjusted = i < 0 ? i + count : i
            return max(low, min(adjusted, high))
        }
        var positions: [Int] = []
        if stride > 0 {
            let from = lower.map { clamp($0, low: 0, high: count) } ?? 0
            let to = upper.map { clamp($0, low: 0, high: count) } ?? count
            var i = from
            while i < to {
                positions.append(i)
                i += stride
            }
        } else {
            let from = lower.map { clamp($0, low: -1, high: count - 1) } ?? count - 1
            let to = upper.map { clamp($0, low: -1, high: count - 1) } ?? -1
            var i = from
            while i > to {
                positions.append(i)
                i += stride
            }
        }
        return positions
    }
}
