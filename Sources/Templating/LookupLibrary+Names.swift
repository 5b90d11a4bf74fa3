import Values

/// The `varnames` lookup: the names of the variables the task sees that a regular expression
/// finds (Python's `re.search`, so `^` anchors and a bare word matches anywhere in a name).
extension LookupLibrary {
    static func varnames(_ call: LookupCall) throws(TemplateFailure) -> [Value] {
        let names = call.interpreter.context.visibleNames
        var results: [Value] = []
        for term in call.terms {
            guard case .string(let pattern) = term else {
                throw call.fail("Invalid setting identifier, \"\(term.pythonString)\" is not a string, it is a \(term.typeName)")
            }
            let regex: PythonRegex
            do throws(TemplateFailure) {
                regex = try call.interpreter.regexCache.regex(pattern, at: call.offset)
            } catch {
                throw call.fail("Unable to use \"\(pattern)\" as a search parameter: \(error.message)")
            }
            for name in names
            where try regex.firstMatch(in: name, within: call.interpreter.limits.maxRegexSeconds, at: call.offset) != nil {
                results.append(.string(name))
            }
        }
        return results
    }
}
