import Values

extension FilterLibrary {
    static let selectionFilters: [String: FilterFunction] = [
        "map": { call throws(TemplateFailure) in
            let items = try call.inputItems
            if let attribute = call.keywords["attribute"]?.pythonString {
                let fallback = call.keywords["default"]
                var out: [Value] = []
                for item in items {
                    guard let found = call.attribute(attribute, of: item) ?? fallback else {
                        throw undefinedResult(call, "an item has no attribute '\(attribute)': \(item.pythonRepr)")
                    }
                    out.append(found)
                }
                return .list(out)
            }
            guard case .string(let filter)? = call.positional.first else {
                throw call.fail("map needs a filter name or attribute=")
            }
            var out: [Value] = []
            for item in items {
                try call.interpreter.spendIteration(at: call.offset)
                out.append(try call.interpreter.runFilter(filter, on: item, positional: Array(call.positional.dropFirst()), keywords: call.keywords, at: call.offset))
            }
            return .list(out)
        },
        "select": { call throws(TemplateFailure) in .list(try select(call, attribute: nil, keep: true)) },
        "reject": { call throws(TemplateFailure) in .list(try select(call, attribute: nil, keep: false)) },
        "selectattr": { call throws(TemplateFailure) in
            .list(try select(call, attribute: try call.string(0, "attribute"), keep: true))
        },
        "rejectattr": { call throws(TemplateFailure) in
            .list(try select(call, attribute: try call.string(0, "attribute"), keep: false))
        },
        "extract": { call throws(TemplateFailure) in
            guard let container = call.argument(0, "container") else { throw call.fail("missing the container") }
            var keys = [call.input]
            if let more = call.argument(1, "morekeys") { keys += more.listValue ?? [more] }
            var current = container
            for key in keys {
                let next = call.interpreter.item(of: .value(current), key: key, path: "extract", basePath: "container", at: call.offset)
                guard case .value(let v) = next else {
                    throw undefinedResult(call, "the container has no item \(key.pythonRepr)")
                }
                current = v
            }
            return current
        },
        "groupby": { call throws(TemplateFailure) in
            let attribute = try call.string(0, "attribute")
            var groups: [(key: Value, items: [Value])] = []
            for item in try call.inputItems {
                let key = call.attribute(attribute, of: item) ?? call.argument(1, "default") ?? .null
                if let i = groups.firstIndex(where: { PythonSemantics.equal($0.key, key) }) {
                    groups[i].items.append(item)
                } else {
                    groups.append((key, [item]))
                }
            }
            let ordered = try sorted(groups.map { .list([$0.key, .list($0.items)]) }, call: call, reverse: false, caseSensitive: true) { group in
                [group.listValue?.first ?? .null]
            }
            return .list(ordered)
        },
        "subelements": { call throws(TemplateFailure) in
            let path = try call.string(0, "subelements")
            let skipMissing = call.argument(1, "skip_missing").map { $0.isTruthy || $0["skip_missing"]?.isTruthy == true } ?? false
            var out: [Value] = []
            for item in try call.inputItems {
                guard let children = call.attribute(path, of: item) else {
                    if skipMissing { continue }
                    throw call.fail("could not find '\(path)' key in an item")
                }
                guard case .list(let list) = children else { throw call.fail("the key '\(path)' should point to a list") }
                for child in list { out.append(.list([item, child])) }
            }
            return .list(out)
        },
    ]

    /// `select`/`reject` (test on the item) and `selectattr`/`rejectattr` (test on an attribute);
    /// without a test name the item's truthiness decides.
    private static func select(_ call: FilterCall, attribute: String?, keep: Bool) throws(TemplateFailure) -> [Value] {
        let testArguments = attribute == nil ? call.positional : Array(call.positional.dropFirst())
        var kept: [Value] = []
        for item in try call.inputItems {
            try call.interpreter.spendIteration(at: call.offset)
            let subject: Value?
            if let attribute {
                subject = call.attribute(attribute, of: item)
            } else {
                subject = item
            }
            let passes: Bool
            if case .string(let test)? = testArguments.first {
                if let subject {
                    passes = try call.interpreter.runTest(test, on: subject, positional: Array(testArguments.dropFirst()), keywords: call.keywords, at: call.offset)
                } else {
                    // A missing attribute is undefined: only `undefined` accepts it.
                    passes = TestLibrary.canonicalName(test) == "undefined"
                    if !passes, !TestLibrary.isKnown(test) { throw TestLibrary.unknownTest(test, at: call.offset) }
                }
            } else {
                passes = subject?.isTruthy ?? false
            }
            if passes == keep { kept.append(item) }
        }
        return kept
    }
}
