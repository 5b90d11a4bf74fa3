import Diagnostics
import PlaybookModel
import Templating
import Values

#if canImport(Glibc)
    import Glibc
#endif

/// The items of `loop:` and the `with_<lookup>:` forms, computed per host.
enum LoopExpansion {
    static func items(of loop: LoopSource, scope: VariableScope, playbookDirectory: String)
        throws(TemplateError) -> [Value]
    {
        let rendered = try scope.render(loop.value, at: loop.mark)
        switch loop.kind {
        case .loop, .list:
            return try list(rendered, loop: loop)
        case .items:
            // with_items flattens one level, as Ansible's `items` lookup does.
            return try list(rendered, loop: loop).flatMap { $0.listValue ?? [$0] }
        case .flattened:
            return flattenAll(try list(rendered, loop: loop), depth: 0)
        case .dict:
            guard let dict = rendered.dictValue else { throw notA("dict", rendered, loop) }
            return dict.map { .dict(["key": .string($0.key), "value": $0.value]) }
        case .indexedItems:
            return try list(rendered, loop: loop).flatMap { $0.listValue ?? [$0] }.enumerated()
                .map { .list([.int($0.offset), $0.element]) }
        case .together:
            let lists = try list(rendered, loop: loop).map { $0.listValue ?? [$0] }
            let length = lists.map(\.count).max() ?? 0
            return (0..<length).map { index in .list(lists.map { index < $0.count ? $0[index] : .null }) }
        case .nested:
            let lists = try list(rendered, loop: loop).map { $0.listValue ?? [$0] }
            return lists.reduce([[Value]]([[]])) { product, next in
                product.flatMap { prefix in next.map { prefix + [$0] } }
            }.map(Value.list)
        case .fileglob:
            return try list(rendered, loop: loop).flatMap { pattern -> [Value] in
                let text = pattern.renderedText
                let absolute = text.hasPrefix("/") ? text : SearchPaths.join(SearchPaths.join(playbookDirectory, "files"), text)
                return glob(absolute).map(Value.string)
            }
        case .sequence:
            return try sequence(rendered.renderedText, loop: loop)
        case .subelements:
            let parts = try list(rendered, loop: loop)
            guard parts.count >= 2, let key = parts[1].stringValue else { throw notA("[list, 'key']", rendered, loop) }
            let outer = parts[0].listValue ?? parts[0].dictValue.map { Array($0.values) } ?? []
            let skipMissing = parts.count > 2 && parts[2]["skip_missing"].map(VariableScope.truth) == true
            var pairs: [Value] = []
            for element in outer {
                guard let inner = element[key] else {
                    if skipMissing { continue }
                    throw TemplateError(kind: .typeError, diagnostic: .error(
                        .wrongType, "could not find '\(key)' key in iterated item \(element.pythonRepr)", at: loop.mark,
                        hint: "add {skip_missing: true} as the third element to pass over such items"))
                }
                guard let list = inner.listValue else { throw notA("list under '\(key)'", inner, loop) }
                // ansible-core's lookup takes the list out of the element it pairs with it.
                var rest = element
                if case .dict(var fields) = element {
                    fields[key] = nil
                    rest = .dict(fields)
                }
                pairs += list.map { .list([rest, $0]) }
            }
            return pairs
        }
    }

    private static func list(_ value: Value, loop: LoopSource) throws(TemplateError) -> [Value] {
        switch value {
        case .list(let items): return items
        case .string(let text) where loop.kind != .loop: return [.string(text)]
        case .null where loop.kind != .loop: return []
        default: throw notA("list", value, loop)
        }
    }

    private static func notA(_ expected: String, _ value: Value, _ loop: LoopSource) -> TemplateError {
        TemplateError(kind: .typeError, diagnostic: .error(
            .wrongType, "\(loop.kind.keyword) needs a \(expected), got \(value.typeName)", at: loop.mark,
            hint: loop.kind == .loop ? "use `| dict2items` to loop over a dict" : nil))
    }

    /// `with_flattened` flattens every level (bounded, as nesting in YAML is).
    private static func flattenAll(_ items: [Value], depth: Int) -> [Value] {
        items.flatMap { item -> [Value] in
            guard case .list(let inner) = item, depth < 64 else { return [item] }
            return flattenAll(inner, depth: depth + 1)
        }
    }

    private static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }
}
