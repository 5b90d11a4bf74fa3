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
        case .items, .flattened:
            // with_items flattens one level, as Ansible's `items` lookup does.
            return try list(rendered, loop: loop).flatMap { $0.listValue ?? [$0] }
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
            return outer.flatMap { element -> [Value] in
                (element[key]?.listValue ?? []).map { .list([element, $0]) }
            }
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

    /// `with_sequence: start=1 end=5 stride=1 format=web%02d` (or `count=`).
    private static func sequence(_ text: String, loop: LoopSource) throws(TemplateError) -> [Value] {
        var fields: [String: String] = [:]
        for part in text.split(separator: " ") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { fields[pair[0]] = pair[1] }
        }
        let start = Int(fields["start"] ?? "1") ?? 1
        let stride = Int(fields["stride"] ?? "1") ?? 1
        let end = fields["count"].flatMap(Int.init).map { start + ($0 - 1) * stride } ?? Int(fields["end"] ?? "") ?? start
        guard stride != 0, abs(end - start) / abs(stride) < 100_000 else {
            throw TemplateError(kind: .limit, diagnostic: .error(.limit, "with_sequence is too long or has stride 0", at: loop.mark))
        }
        let format = fields["format"]
        return Swift.stride(from: start, through: end, by: stride).map { .string(printf(format, $0)) }
    }

    /// The `%d`, `%5d`, `%05d` and `%x` forms of printf that sequence formats use.
    private static func printf(_ format: String?, _ n: Int) -> String {
        guard let format, let percent = format.firstIndex(of: "%") else { return String(n) }
        var index = format.index(after: percent)
        let zeroPad = index < format.endIndex && format[index] == "0"
        var width = 0
        while index < format.endIndex, let digit = format[index].wholeNumberValue {
            width = width * 10 + digit
            index = format.index(after: index)
        }
        guard index < format.endIndex, "dxi".contains(format[index]) else { return format }
        let digits = String(n, radix: format[index] == "x" ? 16 : 10)
        let padded = String(repeating: zeroPad ? "0" : " ", count: max(0, width - digits.count)) + digits
        return String(format[..<percent]) + padded + String(format[format.index(after: index)...])
    }

    private static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }
}
