#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Values

extension FilterLibrary {
    static let listFilters: [String: FilterFunction] = [
        "first": { call throws(TemplateFailure) in
            guard let item = try call.inputItems.first else { throw undefinedResult(call, "no first item, the sequence was empty") }
            return item
        },
        "last": { call throws(TemplateFailure) in
            guard let item = try call.inputItems.last else { throw undefinedResult(call, "no last item, the sequence was empty") }
            return item
        },
        "min": { call throws(TemplateFailure) in try extreme(call, wantMax: false) },
        "max": { call throws(TemplateFailure) in try extreme(call, wantMax: true) },
        "sum": { call throws(TemplateFailure) in
            var items = try call.inputItems
            if let attribute = call.argument(0, "attribute")?.stringValue {
                items = items.map { call.attribute(attribute, of: $0) ?? .int(0) }
            }
            var total = call.argument(1, "start") ?? .int(0)
            for item in items { total = try call.interpreter.binary(.add, total, item, at: call.offset) }
            return total
        },
        "unique": { call throws(TemplateFailure) in
            let caseSensitive = call.bool(0, "case_sensitive", default: false)
            let attribute = call.argument(1, "attribute")?.stringValue
            return .list(unique(try call.inputItems, caseSensitive: caseSensitive) { item in
                attribute.flatMap { call.attribute($0, of: item) } ?? item
            })
        },
        "sort": { call throws(TemplateFailure) in
            let reverse = call.bool(0, "reverse", default: false)
            let caseSensitive = call.bool(1, "case_sensitive", default: false)
            let attributes = call.argument(2, "attribute")?.pythonString.split(separator: ",").map {
                PythonStrings.trimmed($0, newlines: false)
            }
            return .list(try sorted(try call.inputItems, call: call, reverse: reverse, caseSensitive: caseSensitive) { item in
                guard let attributes else { return [item] }
                return attributes.map { call.attribute($0, of: item) ?? .null }
            })
        },
        "reverse": { call throws(TemplateFailure) in
            if case .string(let s) = call.input { return .string(String(s.reversed())) }
            return .list(try call.inputItems.reversed())
        },
        "list": { call throws(TemplateFailure) in .list(try call.inputItems) },
        "slice": { call throws(TemplateFailure) in
            let items = try call.inputItems
            let count = try call.int(0, "slices", default: 1)
            guard count > 0 else { throw call.fail("slices must be at least 1") }
            guard count <= 100_000 else {
                throw TemplateFailure(.limit, "slice: \(count) slices is more than the 100000 allowed", at: call.offset)
            }
            let fill = call.argument(1, "fill_with")
            let perSlice = items.count / count
            let withExtra = items.count % count
            var out: [Value] = []
            var start = 0
            for index in 0..<count {
                let length = perSlice + (index < withExtra ? 1 : 0)
                var slice = Array(items[start..<start + length])
                start += length
                if let fill, index >= withExtra, withExtra > 0 { slice.append(fill) }
                out.append(.list(slice))
            }
            return .list(out)
        },
        "zip": { call throws(TemplateFailure) in
            let sequences = [try call.inputItems] + call.positional.map { (try? call.with(input: $0).inputItems) ?? [] }
            let count = sequences.map(\.count).min() ?? 0
            return .list((0..<count).map { i in .list(sequences.map { $0[i] }) })
        },
        "zip_longest": { call throws(TemplateFailure) in
            let sequences = [try call.inputItems] + call.positional.map { (try? call.with(input: $0).inputItems) ?? [] }
            let fill = call.keywords["fillvalue"] ?? .null
            let count = sequences.map(\.count).max() ?? 0
            return .list((0..<count).map { i in .list(sequences.map { i < $0.count ? $0[i] : fill }) })
        },
        "flatten": { call throws(TemplateFailure) in
            let levels = call.argument(0, "levels").flatMap(Interpreter.integerIndex)
            return .list(try flatten(try call.inputItems, levels: levels, skipNulls: call.bool(1, "skip_nulls", default: true), depth: 0, call: call))
        },
        "difference": { call throws(TemplateFailure) in
            let (mine, other) = (try call.inputItems, try otherList(call))
            if let sets = numberSets(mine, other) { return .list(PythonSet.difference(sets.0, sets.1).elements) }
            return .list(unique(mine.filter { item in !other.contains { PythonSemantics.equal($0, item) } }, caseSensitive: true))
        },
        "intersect": { call throws(TemplateFailure) in
            let (mine, other) = (try call.inputItems, try otherList(call))
            if let sets = numberSets(mine, other) { return .list(PythonSet.intersection(sets.0, sets.1).elements) }
            return .list(unique(mine.filter { item in other.contains { PythonSemantics.equal($0, item) } }, caseSensitive: true))
        },
        "union": { call throws(TemplateFailure) in
            let (mine, other) = (try call.inputItems, try otherList(call))
            if let sets = numberSets(mine, other) { return .list(PythonSet.union(sets.0, sets.1).elements) }
            return .list(unique(mine + other, caseSensitive: true))
        },
        "symmetric_difference": { call throws(TemplateFailure) in
            let (mine, other) = (try call.inputItems, try otherList(call))
            if let sets = numberSets(mine, other) { return .list(PythonSet.symmetricDifference(sets.0, sets.1).elements) }
            let both = mine.filter { item in other.contains { PythonSemantics.equal($0, item) } }
            return .list(unique(mine + other, caseSensitive: true).filter { item in !both.contains { PythonSemantics.equal($0, item) } })
        },
        "product": { call throws(TemplateFailure) in
            var result: [[Value]] = [[]]
            for sequence in [try call.inputItems] + call.positional.map({ $0.listValue ?? [] }) {
                // Checked before building: one step can multiply the size by a whole sequence.
                if BuildBounds.product(result.count, sequence.count) > call.interpreter.limits.maxRange {
                    throw TemplateFailure(.limit, "product exceeds \(call.interpreter.limits.maxRange) items", at: call.offset)
                }
                result = result.flatMap { prefix in sequence.map { prefix + [$0] } }
            }
            return .list(result.map(Value.list))
        },
        "combinations": { call throws(TemplateFailure) in
            try .list(choices(try call.inputItems, size: call.int(0, "r", default: 0), ordered: false, call: call).map(Value.list))
        },
        "permutations": { call throws(TemplateFailure) in
            let items = try call.inputItems
            let size = try call.int(0, "r", default: items.count)
            return .list(try choices(items, size: size, ordered: true, call: call).map(Value.list))
        },
        "batch": { call throws(TemplateFailure) in
            let size = try call.int(0, "linecount", default: 1)
            guard size > 0 else { throw call.fail("linecount must be positive") }
            let items = try call.inputItems
            let fill = call.argument(1, "fill_with")
            return .list(stride(from: 0, to: items.count, by: size).map { start in
                var chunk = Array(items[start..<min(start + size, items.count)])
                if let fill { while chunk.count < size { chunk.append(fill) } }
                return .list(chunk)
            })
        },
    ]

    /// ansible-core computes these four with Python sets. Lists of numbers come out in the set's
    /// table order, which does not change between runs, so it is reproduced; other hashable
    /// items (strings) come out in an order Python randomises per run, and unhashable ones make
    /// ansible-core fall back to first-seen order: both keep the first-seen order here.
    private static func numberSets(_ a: [Value], _ b: [Value]) -> (PythonSet, PythonSet)? {
        guard (a + b).allSatisfy({ PythonSet.hash(of: $0) != nil }) else { return nil }
        return (PythonSet(a), PythonSet(b))
    }

    /// `itertools.combinations` and `itertools.permutations`, in their order: by position in
    /// the input, earlier positions varying slowest.
    private static func choices(_ items: [Value], size: Int, ordered: Bool, call: FilterCall) throws(TemplateFailure) -> [[Value]] {
        guard size >= 0 else { throw call.fail("r must be non-negative") }
        guard size <= items.count else { return [] }
        var results: [[Int]] = [[]]
        for _ in 0..<size {
            var next: [[Int]] = []
            for prefix in results {
                let candidates = ordered ? Array(items.indices) : Array(((prefix.last.map { $0 + 1 }) ?? 0)..<items.count)
                for index in candidates where !prefix.contains(index) {
                    next.append(prefix + [index])
                    if next.count > call.interpreter.limits.maxRange {
                        throw TemplateFailure(.limit, "\(call.name) makes more than \(call.interpreter.limits.maxRange) items", at: call.offset)
                    }
                }
            }
            results = next
        }
        return results.map { $0.map { items[$0] } }
    }

    private static func otherList(_ call: FilterCall) throws(TemplateFailure) -> [Value] {
        guard let other = call.argument(0, "b") else { throw call.fail("missing the list to compare with") }
        return try call.with(input: other).inputItems
    }

    /// Keeps the first of each group of equal items, comparing strings case-insensitively
    /// unless asked not to (Jinja2's `unique`).
    static func unique(_ items: [Value], caseSensitive: Bool, key: (Value) -> Value = { $0 }) -> [Value] {
        var seen: [Value] = []
        var kept: [Value] = []
        for item in items {
            let k = PythonSemantics.sortKey(key(item), caseSensitive: caseSensitive)
            if !seen.contains(where: { PythonSemantics.equal($0, k) }) {
                seen.append(k)
                kept.append(item)
            }
        }
        return kept
    }

    static func sorted(
        _ items: [Value], call: FilterCall, reverse: Bool, caseSensitive: Bool, key: (Value) -> [Value]
    ) throws(TemplateFailure) -> [Value] {
        let keyed = items.map { item in (item, Value.list(key(item).map { PythonSemantics.sortKey($0, caseSensitive: caseSensitive) })) }
        var failure: TemplateFailure?
        // A stable merge sort keeps Python's guarantee that equal items keep their order.
        let ordered = mergeSort(keyed) { a, b in
            guard let o = PythonSemantics.order(a.1, b.1) else {
                failure = TemplateFailure(.typeError, "\(call.name): cannot compare \(a.0.typeName) with \(b.0.typeName)", at: call.offset)
                return false
            }
            return reverse ? o > 0 : o < 0
        }
        if let failure { throw failure }
        return ordered.map(\.0)
    }

    private static func mergeSort<T>(_ items: [T], _ less: (T, T) -> Bool) -> [T] {
        guard items.count > 1 else { return items }
        let middle = items.count / 2
        let left = mergeSort(Array(items[..<middle]), less)
        let right = mergeSort(Array(items[middle...]), less)
        var merged: [T] = []
        merged.reserveCapacity(items.count)
        var i = 0
        var j = 0
        while i < left.count, j < right.count {
            if less(right[j], left[i]) {
                merged.append(right[j]); j += 1
            } else {
                merged.append(left[i]); i += 1
            }
        }
        merged += left[i...]
        merged += right[j...]
        return merged
    }

    private static func extreme(_ call: FilterCall, wantMax: Bool) throws(TemplateFailure) -> Value {
        let caseSensitive = call.bool(0, "case_sensitive", default: false)
        let attribute = call.argument(1, "attribute")?.stringValue
        let items = try call.inputItems
        guard var best = items.first else {
            throw undefinedResult(call, "no aggregated item, the sequence was empty")
        }
        func key(_ v: Value) -> Value {
            PythonSemantics.sortKey(attribute.flatMap { call.attribute($0, of: v) } ?? v, caseSensitive: caseSensitive)
        }
        for item in items.dropFirst() {
            guard let o = PythonSemantics.order(key(item), key(best)) else {
                throw TemplateFailure(.typeError, "\(call.name): cannot compare \(item.typeName) with \(best.typeName)", at: call.offset)
            }
            if wantMax ? o > 0 : o < 0 { best = item }
        }
        return best
    }

    /// Ansible's `flatten`: nested lists are spliced in (to `levels` deep), and null-like items
    /// (`None`, `'None'`, `'null'`) are dropped unless `skip_nulls=false`.
    private static func flatten(_ items: [Value], levels: Int?, skipNulls: Bool, depth: Int, call: FilterCall)
        throws(TemplateFailure) -> [Value]
    {
        guard depth < 512 else { throw TemplateFailure(.limit, "flatten: list nested too deeply", at: call.offset) }
        var out: [Value] = []
        for item in items {
            if skipNulls, item.isNull || item == .string("None") || item == .string("null") { continue }
            if case .list(let inner) = item, levels.map({ $0 >= 1 }) ?? true {
                out += try flatten(inner, levels: levels.map { $0 - 1 }, skipNulls: skipNulls, depth: depth + 1, call: call)
            } else {
                out.append(item)
            }
        }
        return out
    }
}
