import Values

/// The lookups that read data files on the controller (`csvfile`, `ini`) and the one that lists
/// the variables in scope (`varnames`).
extension LookupLibrary {
    static let fileFormatPlugins: [String: Plugin] = [
        "csvfile": { call throws(TemplateFailure) in
            var lookup = CSVFileLookup(call)
            return try lookup.run()
        },
        "ini": { call throws(TemplateFailure) in
            var lookup = INILookup(call)
            return try lookup.run()
        },
        "varnames": { call throws(TemplateFailure) in try varnames(call) },
    ]
}
