import Values

extension FilterLibrary {
    static let regexFilters: [String: FilterFunction] = [
        "regex_replace": { call throws(TemplateFailure) in
            let regex = try compile(call, patternAt: 0)
            let replacement = try call.string(1, "replacement", default: "")
            let count = try call.int(4, "count", default: 0)
            return .string(
                try regex.replace(
                    in: call.input.pythonString, with: replacement, count: count,
                    within: call.interpreter.limits.maxRegexSeconds, at: call.offset))
        },
        "regex_search": { call throws(TemplateFailure) in
            let regex = try compile(call, patternAt: 0)
            var references: [String] = []
            for argument in call.positional.dropFirst() {
                let text = argument.pythonString
                if text.hasPrefix("\\g<"), text.hasSuffix(">") {
                    references.append(String(text.dropFirst(3).dropLast()))
                } else if text.hasPrefix("\\"), Int(text.dropFirst()) != nil {
                    references.append(String(text.dropFirst()))
                } else {
                    throw call.fail("unknown argument '\(text)'; use '\\1' or '\\g<name>'")
                }
            }
            guard
                let match = try regex.firstMatch(
                    in: call.input.pythonString, within: call.interpreter.limits.maxRegexSeconds, at: call.offset)
            else { return .null }
            if references.isEmpty { return .string(match.whole) }
            var groups: [Value] = []
            for reference in references {
                if let index = Int(reference) {
                    guard index < match.groups.count else { throw call.fail("no group \(index)") }
                    groups.append(match.groups[index].map(Value.string) ?? .null)
                } else {
                    guard let group = match.named[reference] else { throw call.fail("no group named '\(reference)'") }
                    groups.append(group.map(Value.string) ?? .null)
                }
            }
            return .list(groups)
        },
        "regex_findall": { call throws(TemplateFailure) in
            let regex = try compile(call, patternAt: 0, multilineAt: 1, ignoreCaseAt: 2)
            // Python's findall: the whole match without groups, the group with one, tuples with more.
            let matches = try regex.allMatches(
                in: call.input.pythonString, within: call.interpreter.limits.maxRegexSeconds, at: call.offset)
            return .list(matches.map { match in
                switch match.groups.count {
                case 1: return .string(match.whole)
                case 2: return .string(match.groups[1] ?? "")
                default: return .list(match.groups.dropFirst().map { .string($0 ?? "") })
                }
            })
        },
    ]

    /// The pattern argument plus the `ignorecase` / `multiline` flags, by keyword or position.
    private static func compile(_ call: FilterCall, patternAt position: Int, multilineAt: Int = 99, ignoreCaseAt: Int = 99)
        throws(TemplateFailure) -> PythonRegex
    {
        let pattern = try call.string(position, "pattern", default: call.keywords["regex"]?.pythonString)
        var ignoreCase = call.bool(ignoreCaseAt, "ignorecase", default: false)
        var multiline = call.bool(multilineAt, "multiline", default: false)
        if call.name == "regex_replace" {
            ignoreCase = call.bool(2, "ignorecase", default: false)
            multiline = call.bool(3, "multiline", default: false)
        }
        return try call.interpreter.regexCache.regex(pattern, ignoreCase: ignoreCase, multiline: multiline, at: call.offset)
    }
}
