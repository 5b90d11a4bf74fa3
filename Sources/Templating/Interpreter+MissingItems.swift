import Values

/// `map` whose items may not exist, followed by a filter that deals with them:
/// `hosts | map('extract', hostvars, 'ansible_host') | select('defined')`,
/// `pkgs | map(attribute='version') | reject('undefined')`, `… | map('default', 'none')`.
///
/// Jinja2's map yields an undefined value for an item it cannot find, and the next filter
/// drops or replaces it. Lists here hold only values, so the pair is evaluated together: the
/// items `map` could not find are left out or replaced before anything else sees them.
extension Interpreter {
    func filterOverMissingItems(_ base: Expression, _ name: String, _ arguments: Expression.Arguments)
        throws(TemplateFailure) -> Value?
    {
        guard case .filter(let source, let mapName, let mapArguments) = base.kind,
            FilterLibrary.canonicalName(mapName) == "map",
            case .literal(.string(let argument))? = arguments.positional.first?.kind
        else { return nil }
        let filter = FilterLibrary.canonicalName(name)
        let dropsMissing = (filter == "select" && argument == "defined") || (filter == "reject" && argument == "undefined")
        let fillsMissing = filter == "map" && (argument == "default" || argument == "d")
        guard dropsMissing || fillsMissing else { return nil }

        let items = try mappedKeepingMissing(source, mapArguments, at: base.offset)
        if dropsMissing { return .list(items.compactMap { $0 }) }
        let (positional, keywords) = try evaluateArguments(arguments)
        let fallback = positional.dropFirst().first ?? keywords["default_value"] ?? .string("")
        var out: [Value] = []
        for item in items {
            guard let item else {
                out.append(fallback)
                continue
            }
            out.append(try runFilter(argument, on: item, positional: Array(positional.dropFirst()), keywords: keywords, at: base.offset))
        }
        return .list(out)
    }

    /// `source | map(…)` with nil for each item that does not exist.
    private func mappedKeepingMissing(_ source: Expression, _ arguments: Expression.Arguments, at offset: Int)
        throws(TemplateFailure) -> [Value?]
    {
        let input = try evaluate(source).require()
        let (positional, keywords) = try evaluateArguments(arguments)
        let call = FilterCall(name: "map", input: input, positional: positional, keywords: keywords, offset: offset, interpreter: self)
        let items = try call.inputItems
        if let attribute = keywords["attribute"]?.pythonString {
            let fallback = keywords["default"]
            return items.map { call.attribute(attribute, of: $0) ?? fallback }
        }
        guard case .string(let filter)? = positional.first else { throw call.fail("map needs a filter name or attribute=") }
        var out: [Value?] = []
        for item in items {
            try spendIteration(at: offset)
            do throws(TemplateFailure) {
                out.append(try runFilter(filter, on: item, positional: Array(positional.dropFirst()), keywords: keywords, at: offset))
            } catch {
                guard case .undefined = error.kind else { throw error }
                out.append(nil)
            }
        }
        return out
    }
}
