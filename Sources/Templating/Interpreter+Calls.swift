import Diagnostics
import Values

extension Interpreter {
    func evaluateArguments(_ arguments: Expression.Arguments) throws(TemplateFailure) -> ([Value], ValueDict) {
        var positional: [Value] = []
        for expression in arguments.positional { positional.append(try evaluate(expression).require()) }
        var keywords = ValueDict()
        for (name, expression) in arguments.keywords { keywords[name] = try evaluate(expression).require() }
        return (positional, keywords)
    }

    func applyFilter(
        _ qualifiedName: String, to input: Operand, _ arguments: Expression.Arguments,
        basePath: @autoclosure () -> String, at offset: Int
    )
        throws(TemplateFailure) -> Operand
    {
        let name = FilterLibrary.canonicalName(qualifiedName)
        switch name {
        case "default", "d":
            // Evaluated lazily: the fallback may itself be undefined when it is not needed.
            var boolean = false
            if let flag = arguments.positional.count > 1 ? arguments.positional[1] : arguments.keywords.first(where: { $0.name == "boolean" })?.value {
                boolean = try evaluate(flag).isTruthy
            }
            let useFallback: Bool
            switch input {
            case .undefined: useFallback = true
            case .value(let v): useFallback = boolean && !v.isTruthy
            }
            guard useFallback else { return input }
            let fallback = arguments.positional.first ?? arguments.keywords.first { $0.name == "default_value" }?.value
            guard let fallback else { return .value(.string("")) }
            return try evaluate(fallback)
        case "mandatory":
            guard case .undefined(let u) = input else { return input }
            let (positional, keywords) = try evaluateArguments(arguments)
            if let message = keywords["msg"] ?? positional.first, !message.isNull {
                throw TemplateFailure(.filterError, message.pythonString, at: offset)
            }
            throw TemplateFailure(.undefined(path: u.path), "mandatory variable '\(u.path)' is not defined", at: offset, hint: u.hint)
        default:
            break
        }
        guard let filter = FilterLibrary.filters[name] else {
            throw FilterLibrary.unknownFilter(qualifiedName, at: offset)
        }
        let value = try input.require()
        let (positional, keywords) = try evaluateArguments(arguments)
        let call = FilterCall(name: name, input: value, positional: positional, keywords: keywords, offset: offset, interpreter: self)
        do throws(TemplateFailure) {
            return .value(try filter(call))
        } catch {
            // `[] | first` has no value; like Jinja2 it is undefined, so `| default` can follow.
            guard case .undefined = error.kind, error.located == nil else { throw error }
            return .undefined(.init(path: "\(basePath()) | \(qualifiedName)", hint: error.message, offset: offset))
        }
    }

    func applyTest(_ qualifiedName: String, to input: Operand, _ arguments: Expression.Arguments, at offset: Int)
        throws(TemplateFailure) -> Bool
    {
        let name = TestLibrary.canonicalName(qualifiedName)
        switch name {
        case "defined": return input.isDefined
        case "undefined": return !input.isDefined
        default: break
        }
        // Type tests only look at the value's type, so an undefined value is simply not one
        // (as with Ansible's undefined); tests that compute with the value need it defined.
        if !input.isDefined, TestLibrary.typeOnlyTests.contains(name) { return false }
        let (positional, keywords) = try evaluateArguments(arguments)
        return try runTest(name, on: try input.require(), positional: positional, keywords: keywords, at: offset)
    }

    /// Runs a test by name on a value; `select`, `reject` and `selectattr` use it too.
    func runTest(_ name: String, on value: Value, positional: [Value], keywords: ValueDict, at offset: Int)
        throws(TemplateFailure) -> Bool
    {
        let canonical = TestLibrary.canonicalName(name)
        switch canonical {
        case "defined": return true
        case "undefined": return false
        default: break
        }
        guard let test = TestLibrary.tests[canonical] else {
            throw TestLibrary.unknownTest(name, at: offset)
        }
        return try test(FilterCall(name: canonical, input: value, positional: positional, keywords: keywords, offset: offset, interpreter: self))
    }

    /// Runs a filter by name on a value, for `map('upper')`.
    func runFilter(_ name: String, on value: Value, positional: [Value], keywords: ValueDict, at offset: Int)
        throws(TemplateFailure) -> Value
    {
        let canonical = FilterLibrary.canonicalName(name)
        // Items reaching a filter here are defined; `default` can still replace a falsy one.
        if canonical == "default" || canonical == "d" {
            let boolean = (positional.count > 1 ? positional[1] : keywords["boolean"])?.isTruthy ?? false
            guard boolean, !value.isTruthy else { return value }
            return positional.first ?? keywords["default_value"] ?? .string("")
        }
        if canonical == "mandatory" { return value }
        guard let filter = FilterLibrary.filters[canonical] else {
            throw FilterLibrary.unknownFilter(name, at: offset)
        }
        return try filter(FilterCall(name: canonical, input: value, positional: positional, keywords: keywords, offset: offset, interpreter: self))
    }

    // MARK: - Calls

    func call(_ callee: Expression, _ arguments: Expression.Arguments, at offset: Int) throws(TemplateFailure) -> Value {
        switch callee.kind {
        case .attribute(let receiver, let method):
            // `m.macro()` after `{% import 'file' as m %}`.
            if case .name(let namespace) = receiver.kind, let macro = macros["\(namespace).\(method)"] {
                let (positional, keywords) = try evaluateArguments(arguments)
                return try invoke(macro, positional: positional, keywords: keywords, at: offset)
            }
            if method == "changed", case .name("loop") = receiver.kind, currentLoopIndex != nil {
                let (positional, _) = try evaluateArguments(arguments)
                return .bool(loopChanged(positional))
            }
            if method == "cycle", case .name("loop") = receiver.kind, let index = currentLoopIndex {
                let (positional, _) = try evaluateArguments(arguments)
                guard !positional.isEmpty else { throw .type("no items for cycling given", at: offset) }
                return positional[index % positional.count]
            }
            let value = try evaluate(receiver).require()
            let (positional, keywords) = try evaluateArguments(arguments)
            if let time = PythonTime(value) { return try time.call(method, positional: positional, keywords: keywords, at: callee.offset) }
            if let item = callCycler(value, method) { return item }
            if let changed = try Self.mutated(value, by: method, positional: positional, keywords: keywords, at: callee.offset) {
                if case .name(let variable) = receiver.kind { rebind(variable, to: changed) }
                return .null
            }
            return try MethodLibrary.call(method, on: value, positional: positional, keywords: keywords, at: callee.offset)
        case .name(let name):
            if name == "loop", isInRecursiveLoop {
                let (positional, _) = try evaluateArguments(arguments)
                guard positional.count == 1 else { throw .type("loop() takes the items to render", at: offset) }
                return .string(try renderRecursion(positional[0], at: offset))
            }
            if let macro = macro(named: name) {
                let (positional, keywords) = try evaluateArguments(arguments)
                return try invoke(macro, positional: positional, keywords: keywords, at: offset)
            }
            if case .value(let value) = try lookup(name, at: offset) {
                if let text = callJoiner(value) { return text }
                throw .type("'\(name)' is not callable", at: offset)
            }
            let (positional, keywords) = try evaluateArguments(arguments)
            return try callGlobal(name, positional: positional, keywords: keywords, at: offset)
        default:
            throw .type("'\(callee.path)' is not callable", at: offset)
        }
    }

    /// Python's in-place list and dict methods, which older roles use to build values inside
    /// loops (`{% set _ = found.append(x) %}`): the new value, or nil for any other method.
    private static func mutated(_ value: Value, by method: String, positional: [Value], keywords: ValueDict, at offset: Int)
        throws(TemplateFailure) -> Value?
    {
        switch (value, method) {
        case (.list(var items), "append"):
            guard positional.count == 1 else { throw .type("append() takes exactly one argument", at: offset) }
            items.append(positional[0])
            return .list(items)
        case (.list(var items), "extend"):
            guard positional.count == 1 else { throw .type("extend() takes exactly one argument", at: offset) }
            switch positional[0] {
            case .list(let more): items += more
            case .dict(let more): items += more.keys.map(Value.string)
            case .string(let more): items += more.map { .string(String($0)) }
            default: throw .type("'\(positional[0].typeName)' object is not iterable", at: offset)
            }
            return .list(items)
        case (.list(var items), "insert"):
            guard positional.count == 2, let index = integerIndex(positional[0]) else {
                throw .type("insert() takes an index and an item", at: offset)
            }
            let position = index < 0 ? max(0, items.count + index) : min(index, items.count)
            items.insert(positional[1], at: position)
            return .list(items)
        case (.dict(var dict), "update"):
            for argument in positional {
                guard case .dict(let more) = argument else { throw .type("update() takes a mapping", at: offset) }
                dict.merge(more)
            }
            dict.merge(keywords)
            return .dict(dict)
        default:
            return nil
        }
    }

    /// Where the mutated variable lives: the template scope that holds it (a list built in a
    /// loop is the outer one), else a template-wide copy shadowing the host's variable.
    private func rebind(_ name: String, to value: Value) {
        if let index = scopes.lastIndex(where: { $0[name] != nil }) {
            scopes[index][name] = value
        } else {
            if scopes.isEmpty { scopes.append(ValueDict()) }
            scopes[0][name] = value
        }
    }

    private func callGlobal(_ name: String, positional: [Value], keywords: ValueDict, at offset: Int)
        throws(TemplateFailure) -> Value
    {
        switch name {
        case "range":
            let numbers = positional.compactMap(Self.integerIndex)
            guard numbers.count == positional.count, (1...3).contains(numbers.count) else {
                throw .type("range() takes one to three integer arguments", at: offset)
            }
            let (start, stop, step) =
                numbers.count == 1 ? (0, numbers[0], 1)
                : (numbers[0], numbers[1], numbers.count == 3 ? numbers[2] : 1)
            guard step != 0 else { throw .type("range() arg 3 must not be zero", at: offset) }
            let count = step > 0 ? max(0, (stop - start + step - 1) / step) : max(0, (start - stop - step - 1) / -step)
            guard count <= limits.maxRange else {
                throw TemplateFailure(.limit, "range() of \(count) items exceeds the limit of \(limits.maxRange)", at: offset)
            }
            return .list((0..<count).map { .int(start + $0 * step) })
        case "dict", "namespace":
            var dict = ValueDict()
            switch positional.first {
            case .dict(let initial)?: dict = initial
            case .list(let pairs)? where name == "dict":
                // dict(keys | zip(values)): an iterable of key, value pairs, as Python's dict() takes.
                for (index, pair) in pairs.enumerated() {
                    guard case .list(let parts) = pair, parts.count == 2 else {
                        throw .type("dictionary update sequence element #\(index) is not a pair", at: offset)
                    }
                    dict[parts[0].pythonString] = parts[1]
                }
            case nil: break
            default: throw .type("\(name)() takes a mapping", at: offset)
            }
            dict.merge(keywords)
            return .dict(dict)
        case "cycler":
            return try makeCycler(positional, at: offset)
        case "joiner":
            return makeJoiner((keywords["sep"] ?? positional.first)?.pythonString ?? ", ")
        case "super":
            return try renderSuper(at: offset)
        case "now":
            // A datetime, unless fmt= asks for text; `now().strftime(…)` and `now() - then` use it.
            let utc = (keywords["utc"] ?? positional.first)?.isTruthy ?? false
            let now = PythonTime.DateTime.now(utc: utc)
            let formatArgument: Value? = keywords["fmt"] ?? (positional.count > 1 ? positional[1] : Optional<Value>.none)
            guard let format = formatArgument, !format.isNull else {
                return PythonTime.dateTime(now).value
            }
            return .string(try PythonTime.format(now, format.pythonString, at: offset))
        case "lookup", "query", "q":
            return try runLookup(name, positional: positional, keywords: keywords, at: offset)
        default:
            throw TemplateFailure(
                .undefined(path: name), "'\(name)' is undefined", at: offset,
                hint: Suggestion.didYouMean(name, in: ["range", "dict", "namespace", "lookup", "query", "now", "cycler", "joiner"]))
        }
    }
}
