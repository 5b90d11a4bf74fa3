import Values

extension FilterLibrary {
    static let dictFilters: [String: FilterFunction] = [
        "dict2items": { call throws(TemplateFailure) in
            let keyName = try call.string(0, "key_name", default: "key")
            let valueName = try call.string(1, "value_name", default: "value")
            return .list(try call.inputDict.map { entry in
                var item = ValueDict()
                item[keyName] = .string(entry.key)
                item[valueName] = entry.value
                return .dict(item)
            })
        },
        "items2dict": { call throws(TemplateFailure) in
            let keyName = try call.string(0, "key_name", default: "key")
            let valueName = try call.string(1, "value_name", default: "value")
            guard case .list(let items) = call.input else { throw call.typeFailure("a list of dicts") }
            var dict = ValueDict()
            for item in items {
                guard let key = item[keyName], let value = item[valueName] else {
                    throw call.fail("each item needs the keys '\(keyName)' and '\(valueName)'")
                }
                dict[key.pythonString] = value
            }
            return .dict(dict)
        },
        "combine": { call throws(TemplateFailure) in
            let recursive = call.keywords["recursive"]?.isTruthy ?? false
            let listMerge = call.keywords["list_merge"]?.pythonString ?? "replace"
            guard ["replace", "keep", "append", "prepend", "append_rp", "prepend_rp"].contains(listMerge) else {
                throw call.fail("list_merge must be replace, keep, append, prepend, append_rp or prepend_rp")
            }
            var dicts: [ValueDict] = []
            for term in [call.input] + call.positional {
                // Lists of dicts are flattened in, as Ansible does.
                for candidate in term.listValue ?? [term] {
                    guard case .dict(let d) = candidate else { throw call.fail("expects dicts, got \(candidate.typeName)") }
                    dicts.append(d)
                }
            }
            var result = ValueDict()
            for d in dicts { result = merge(result, d, recursive: recursive, listMerge: listMerge, depth: 0) }
            return .dict(result)
        },
        "dictsort": { call throws(TemplateFailure) in
            let caseSensitive = call.bool(0, "case_sensitive", default: false)
            let by = try call.string(1, "by", default: "key")
            let reverse = call.bool(2, "reverse", default: false)
            guard by == "key" || by == "value" else { throw call.fail("you can only sort by either 'key' or 'value'") }
            let pairs = try call.inputDict.map { Value.list([.string($0.key), $0.value]) }
            return .list(try sorted(pairs, call: call, reverse: reverse, caseSensitive: caseSensitive) { pair in
                [pair.listValue?[by == "key" ? 0 : 1] ?? .null]
            })
        },
        "items": { call throws(TemplateFailure) in
            .list(try call.inputDict.map { .list([.string($0.key), $0.value]) })
        },
    ]

    /// Ansible's `combine`: later keys win; with `recursive`, nested dicts merge, and lists
    /// follow `list_merge`.
    private static func merge(_ a: ValueDict, _ b: ValueDict, recursive: Bool, listMerge: String, depth: Int) -> ValueDict {
        var result = a
        for (key, new) in b {
            guard let old = result[key] else {
                result[key] = new
                continue
            }
            switch (old, new) {
            case (.dict(let x), .dict(let y)) where recursive && depth < 512:
                result[key] = .dict(merge(x, y, recursive: true, listMerge: listMerge, depth: depth + 1))
            case (.list(let x), .list(let y)):
                switch listMerge {
                case "keep": result[key] = old
                case "append": result[key] = .list(x + y)
                case "prepend": result[key] = .list(y + x)
                case "append_rp": result[key] = .list(x.filter { item in !y.contains(item) } + y)
                case "prepend_rp": result[key] = .list(y + x.filter { item in !y.contains(item) })
                default: result[key] = new
                }
            default:
                result[key] = new
            }
        }
        return result
    }
}
