import Values

/// `inventory_hostnames`, `unvault` and `config`: the lookups that read what the run knows
/// about its inventory, files and settings rather than computing lists.
extension LookupLibrary {
    static let inventoryPlugins: [String: Plugin] = [
        // ansible-core answers from the `groups` variable alone: it builds a fresh inventory of
        // those groups and hosts and selects the terms from it as a play's `hosts:` would.
        "inventory_hostnames": { call throws(TemplateFailure) in
            guard case .value(.dict(let groups)) = try call.interpreter.lookup("groups", at: call.offset) else {
                throw call.fail("the 'groups' variable is not available here")
            }
            var patterns: [String] = []
            for term in call.terms {
                patterns += term.listValue?.map(\.pythonString) ?? [term.pythonString]
            }
            let selector = GroupPatternSelector(groups: groups, call: call)
            return try selector.select(patterns).map(Value.string)
        },
        "unvault": { call throws(TemplateFailure) in
            var results: [Value] = []
            for term in call.terms {
                let text = try call.readFile(term.pythonString, in: "files")
                // Only files that vault never encrypted can be read: there is no vault password here.
                if text.hasPrefix("$ANSIBLE_VAULT;") {
                    throw call.fail("'\(term.pythonString)' is vault-encrypted, and decrypting vault files is not supported")
                }
                results.append(.string(text))
            }
            return results
        },
        "config": { call throws(TemplateFailure) in
            let missing = call.keywords["on_missing"]?.pythonString ?? "error"
            guard ["error", "warn", "skip"].contains(missing) else {
                throw call.fail("Invalid value \"\(missing)\" for on_missing, valid values are: error, warn, skip")
            }
            if let pluginType = call.keywords["plugin_type"], !pluginType.isNull {
                throw call.fail("plugin settings (plugin_type='\(pluginType.pythonString)') are not available")
            }
            var results: [Value] = []
            for term in call.terms {
                guard case .string(let name) = term else {
                    throw call.fail("Invalid setting identifier, \"\(term.pythonString)\" is not a string, it is a \(term.typeName)")
                }
                if let value = ConfigSetting.value(of: name) {
                    results.append(value)
                } else if missing == "error" {
                    throw call.fail("Unable to find setting \(name)")
                }
            }
            return results
        },
    ]
}
