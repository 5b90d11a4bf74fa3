import Values

/// The lookups that build lists rather than read the controller: `sequence`, `together`,
/// `nested`, `subelements`, `flattened` and `random_choice`, with ansible-core 2.18's rules and
/// error words.
extension LookupLibrary {
    static let listPlugins: [String: Plugin] = [
        "sequence": { call throws(TemplateFailure) in
            var results: [Value] = []
            for term in call.terms {
                let numbers = try sequence(term.pythonString, options: call.keywords, call: call)
                guard BuildBounds.sum(results.count, numbers.count) <= call.interpreter.limits.maxRange else {
                    throw TemplateFailure(.limit, "lookup('sequence') makes more than \(call.interpreter.limits.maxRange) items", at: call.offset)
                }
                results += numbers
            }
            return results
        },
        "together": { call throws(TemplateFailure) in
            let lists = call.terms.map(listified)
            guard !lists.isEmpty else { throw call.fail("with_together requires at least one element in each list") }
            let count = lists.map(\.count).max() ?? 0
            return (0..<count).map { index in .list(flattenedOnce(lists.map { index < $0.count ? $0[index] : .null })) }
        },
        "nested": { call throws(TemplateFailure) in
            let lists = call.terms.map(listified)
            guard var combined = lists.first else { throw call.fail("with_nested requires at least one element in the nested list") }
            for next in lists.dropFirst() {
                guard BuildBounds.product(combined.count, next.count) <= call.interpreter.limits.maxRange else {
                    throw TemplateFailure(.limit, "lookup('nested') makes more than \(call.interpreter.limits.maxRange) items", at: call.offset)
                }
                combined = combined.flatMap { x in next.map { y in .list(flattenedOnce([x, y])) } }
            }
            guard lists.count == 1 else { return combined }
            // One list alone: each of its items is flattened as a list would be, so it must be one.
            var results: [Value] = []
            for item in combined {
                switch item {
                case .list(let inner): results.append(.list(flattenedOnce(inner)))
                case .string(let text): results.append(.list(text.map { .string(String($0)) }))
                case .dict(let dict): results.append(.list(dict.keys.map(Value.string)))
                default: throw call.fail("'\(item.typeName)' object is not iterable")
                }
            }
            return results
        },
        "subelements": { call throws(TemplateFailure) in try subelements(call) },
        // community.general's `flattened`, which playbooks written for Ansible 2.9 use as a builtin.
        "flattened": { call throws(TemplateFailure) in flattenedFully(call.terms, depth: 0) },
        "random_choice": { call throws(TemplateFailure) in call.terms.randomElement().map { [$0] } ?? [] },
    ]

    /// Lists among the items spliced in at every level, bounded as nesting in YAML is.
    private static func flattenedFully(_ items: [Value], depth: Int) -> [Value] {
        items.flatMap { item -> [Value] in
            guard case .list(let inner) = item, depth < 64 else { return [item] }
            return flattenedFully(inner, depth: depth + 1)
        }
    }

    /// `listify_lookup_plugin_terms`: a list stays, anything else becomes a list of itself.
    private static func listified(_ term: Value) -> [Value] {
        if case .list(let items) = term { return items }
        return [term]
    }

    /// `LookupBase._flatten`: lists among the items are spliced in, one level.
    private static func flattenedOnce(_ items: [Value]) -> [Value] {
        items.flatMap { item -> [Value] in item.listValue ?? [item] }
    }

    // MARK: - sequence

    private static let sequenceFields = ["start", "end", "stride", "count", "format"]

    /// One term: the shortcut `[start-]end[/stride][:format]` or `key=value` words; options
    /// given as keywords apply to every term and a term's own values override them.
    private static func sequence(_ term: String, options: ValueDict, call: LookupCall) throws(TemplateFailure) -> [Value] {
        var fields: [String: Value] = [:]
        for name in sequenceFields { if let value = options[name] { fields[name] = value } }
        if let shortcut = sequenceShortcut(term) {
            for (name, value) in shortcut { fields[name] = .string(value) }
        } else {
            var unknown: [String] = []
            for word in term.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
                guard let equals = word.firstIndex(of: "=") else {
                    if !unknown.contains("_raw_params") { unknown.append("_raw_params") }
                    continue
                }
                let name = String(word[..<equals])
                if sequenceFields.contains(name) { fields[name] = .string(String(word[word.index(after: equals)...])) } else { unknown.append(name) }
            }
            if !unknown.isEmpty {
                throw call.fail("unrecognized arguments to with_sequence: [\(unknown.map { Value.pythonStringRepr($0) }.joined(separator: ", "))]")
            }
        }
        func integer(_ name: String) throws(TemplateFailure) -> Int? {
            guard let value = fields[name], !value.isNull else { return nil }
            if let number = optionInteger(value) { return number }
            throw call.fail("Invalid type for configuration option plugin_type: lookup plugin: sequence setting: \(name): \(value.pythonString)")
        }
        var start = try integer("start") ?? 1
        var end = try integer("end")
        var stride = try integer("stride") ?? 1
        let count = try integer("count")
        let format = fields["format"].map(\.pythonString) ?? "%d"
        switch (count, end) {
        case (nil, nil): throw call.fail("must specify count or end in with_sequence")
        case (.some, .some): throw call.fail("can't specify both count and end in with_sequence")
        case (let count?, nil):
            if count != 0 {
                end = BuildBounds.sum(start, BuildBounds.product(count, stride)) - 1
            } else {
                (start, end, stride) = (0, 0, 0)
            }
        default: break
        }
        let last = end ?? 0
        if stride > 0, last < start { throw call.fail("to count backwards make stride negative") }
        if stride < 0, last > start { throw call.fail("to count forward don't make stride negative") }
        guard format.filter({ $0 == "%" }).count == 1 else { throw call.fail("bad formatting string: \(format)") }
        guard stride != 0 else { return [] }
        let (span, overflow) = last.subtractingReportingOverflow(start)
        let items = overflow ? Int.max : span / stride + 1
        guard items <= call.interpreter.limits.maxRange else {
            throw TemplateFailure(.limit, "lookup('sequence') makes more than \(call.interpreter.limits.maxRange) items", at: call.offset)
        }
        var results: [Value] = []
        for index in 0..<max(0, items) {
            results.append(.string(try PythonFormat.percent(format, .int(start + index * stride), at: call.offset)))
        }
        return results
    }

    /// The shortcut form's parts, or nil when the term is not one.
    private static func sequenceShortcut(_ term: String) -> [String: String]? {
        func isNumber(_ text: Substring) -> Bool {
            var rest = text.lowercased()[...]
            if rest.hasPrefix("0x") { rest = rest.dropFirst(2) } else if rest.hasPrefix("x") || rest.hasPrefix("0") && rest.dropFirst().hasPrefix("x") { rest = rest.drop { $0 == "0" || $0 == "x" } }
            return !rest.isEmpty && rest.allSatisfy(\.isHexDigit)
        }
        var parts: [String: String] = [:]
        var rest = term[...]
        if let colon = rest.firstIndex(of: ":") {
            let format = rest[rest.index(after: colon)...]
            guard !format.isEmpty else { return nil }
            parts["format"] = String(format)
            rest = rest[..<colon]
        }
        if let slash = rest.firstIndex(of: "/") {
            let stride = rest[rest.index(after: slash)...]
            guard isNumber(stride) else { return nil }
            parts["stride"] = String(stride)
            rest = rest[..<slash]
        }
        if let dash = rest.firstIndex(of: "-") {
            let start = rest[..<dash]
            guard isNumber(start) else { return nil }
            parts["start"] = String(start)
            rest = rest[rest.index(after: dash)...]
        }
        guard isNumber(rest) else { return nil }
        parts["end"] = String(rest)
        return parts
    }

    /// An integer option as ansible-core's configuration reads one: ints as they are, text
    /// through Python's `Decimal` when it holds a whole number ("010" is 10, "0x0a" fails).
    private static func optionInteger(_ value: Value) -> Int? {
        switch value {
        case .int(let number): return number
        case .bool(let flag): return flag ? 1 : 0
        case .double(let number): return number == number.rounded() && number.magnitude < 1e18 ? Int(number) : nil
        case .string(let text):
            let trimmed = PythonStrings.trimmed(text[...], newlines: true)
            if let number = Int(trimmed.hasPrefix("+") ? String(trimmed.dropFirst()) : trimmed) { return number }
            guard let number = Double(trimmed), number.isFinite, !trimmed.lowercased().contains("x") else { return nil }
            return number == number.rounded() && number.magnitude < 1e18 ? Int(number) : nil
        default: return nil
        }
    }

    // MARK: - subelements

    private static func subelements(_ call: LookupCall) throws(TemplateFailure) -> [Value] {
        let usage = "subelements lookup expects a list of two or three items, "
        guard (2...3).contains(call.terms.count) else { throw call.fail(usage) }
        guard case .string(let path) = call.terms[1] else {
            throw call.fail(usage + "first a dict or a list, second a string pointing to the subkey")
        }
        let elements: [Value]
        switch call.terms[0] {
        case .list(let items): elements = items
        case .dict(let dict):
            if let skipped = dict["skipped"], skipped != .bool(false) { return [] }
            elements = Array(dict.values)
        default: throw call.fail(usage + "first a dict or a list, second a string pointing to the subkey")
        }
        var skipMissing = false
        if call.terms.count == 3 {
            guard case .dict(let flags) = call.terms[2], flags.keys.allSatisfy({ $0 == "skip_missing" }) else {
                throw call.fail(usage + "the optional third item must be a dict with flags ['skip_missing']")
            }
            skipMissing = flags["skip_missing"].map(FilterLibrary.toBool) ?? false
        }
        let keys = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var results: [Value] = []
        for element in elements {
            guard case .dict(let outer) = element else {
                throw call.fail("subelements lookup expects a dictionary, got '\(element.pythonString)'")
            }
            if let skipped = outer["skipped"], skipped != .bool(false) { continue }
            var current = outer
            var sublist: [Value] = []
            var owner = element
            for (position, key) in keys.enumerated() {
                guard let found = current[key] else {
                    if skipMissing { continue }
                    throw call.fail("could not find '\(key)' key in iterated item '\(Value.dict(current).pythonRepr)'")
                }
                if position < keys.count - 1 {
                    guard case .dict(let inner) = found else {
                        if skipMissing { continue }
                        throw call.fail("the key \(key) should point to a dictionary, got '\(found.pythonString)'")
                    }
                    current = inner
                } else {
                    guard case .list(let items) = found else {
                        throw call.fail("the key \(key) should point to a list, got '\(found.pythonString)'")
                    }
                    sublist = items
                    // ansible-core pops the list out of the item it hands on with each pair.
                    owner = .dict(removing(keys[...], from: outer))
                }
            }
            results += sublist.map { .list([owner, $0]) }
        }
        return results
    }

    private static func removing(_ path: ArraySlice<String>, from dict: ValueDict) -> ValueDict {
        guard let key = path.first else { return dict }
        var changed = dict
        if path.count == 1 {
            changed[key] = nil
        } else if case .dict(let inner)? = dict[key] {
            changed[key] = .dict(removing(path.dropFirst(), from: inner))
        }
        return changed
    }
}
