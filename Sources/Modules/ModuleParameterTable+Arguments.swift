import Values

extension ModuleParameterTable {
    /// One argument as the task wrote it: its name (maybe an alias) and its templated value.
    public typealias GivenArgument = (name: String, value: Value)

    /// `invocation.module_args` as ansible-core's module builds it: the task's arguments in
    /// the order written (an alias keeps the value as written, its parameter gets the
    /// converted one after them), then what the action plugin adds (`injected`), then every
    /// other parameter, first those with a default, then the null ones; `no_log` values masked.
    ///
    /// - Parameters:
    ///   - given: the task's arguments as written (module_defaults first), before normalisation.
    ///   - normalized: the same after the ModuleSpec converted them (keyed by its names).
    ///   - spec: the ModuleSpec that normalised them, to find a given name's converted value.
    ///   - injected: parameters the action plugin sets itself, overriding given ones in place.
    ///   - hostName: the target's host name, for defaults that end with it.
    public func moduleArguments(
        given: [GivenArgument], normalized: ValueDict, spec: ModuleSpec, injected: ValueDict = [:],
        hostName: String = ""
    ) -> ValueDict {
        var arguments = ValueDict()
        var aliasedParameters: [(parameter: String, writtenAs: String)] = []
        for (name, value) in given where !unlisted.contains(name) {
            guard let parameter = canonicalName(of: name) else { continue }
            if name == parameter || renamed[name] == parameter {
                arguments[parameter] = converted(name, value, spec: spec, normalized: normalized)
            } else {
                arguments[name] = value
                aliasedParameters.append((parameter, name))
            }
        }
        for (name, value) in injected { arguments[name] = value }
        // ansible-core resolves aliases walking its argument spec, not the task's order.
        if aliasedParameters.count > 1 {
            let position = Dictionary(uniqueKeysWithValues: parameters.keys.enumerated().map { ($1, $0) })
            aliasedParameters.sort { (position[$0.parameter] ?? 0) < (position[$1.parameter] ?? 0) }
        }
        for (parameter, writtenAs) in aliasedParameters where !arguments.contains(parameter) {
            arguments[parameter] = converted(writtenAs, arguments[writtenAs] ?? .null, spec: spec, normalized: normalized)
        }
        for (name, value) in parameters where value != .null && !arguments.contains(name) {
            arguments[name] = hostNamed.contains(name) ? .string((value.stringValue ?? "") + hostName) : value
        }
        for (name, value) in parameters where !arguments.contains(name) { arguments[name] = value }
        for (name, value) in clearedValues where arguments[name] == value { arguments[name] = .null }
        for name in arguments.keys where arguments[name] != .null {
            if let parameter = canonicalName(of: name), noLog.contains(parameter) {
                arguments[name] = Self.maskedValue
            }
        }
        return arguments
    }

    /// The value the ModuleSpec converted `name`'s to (`"yes"` → true, `"a,b"` → a list), or
    /// the written one where it has none.
    private func converted(_ name: String, _ written: Value, spec: ModuleSpec, normalized: ValueDict) -> Value {
        guard let argument = spec.argument(named: name), let value = normalized[argument.name] else { return written }
        return value
    }
}
