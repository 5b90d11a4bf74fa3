import Values

/// The `ini` lookup: the value of a key in a section of an INI file (or of a Java `.properties`
/// file with `type=properties`), every value whose key matches a regular expression with
/// `re=true`, and `default` (an empty text unless given) for a key the section lacks. Options
/// come as keywords or inside a term (`'user section=prod file=users.ini'`); the parser's own
/// settings (`allow_no_value`, `case_sensitive`, `interpolation`) are taken from the keywords
/// once, and every file read joins the same document, as in ansible-core.
struct INILookup {
    /// In ansible-core's order, which decides which option a word like `x=y` names.
    static let optionNames = [
        "_terms", "type", "file", "section", "re", "encoding", "default", "case_sensitive", "allow_no_value",
        "interpolation",
    ]
    static let booleanOptions: Set<String> = ["re", "allow_no_value", "interpolation"]

    let call: LookupCall
    var options: [String: Value] = [
        "type": "ini", "file": "ansible.ini", "section": "global", "re": false, "encoding": "utf-8", "default": "",
        "case_sensitive": false, "allow_no_value": false, "interpolation": true,
    ]

    init(_ call: LookupCall) {
        self.call = call
    }

    mutating func run() throws(TemplateFailure) -> [Value] {
        for (name, value) in call.keywords {
            let option = name == "allow_none" ? "allow_no_value" : name
            // A keyword given as None leaves the option at its default, as ansible-core's options do.
            guard Self.optionNames.contains(option), option != "_terms", !value.isNull else { continue }
            try set(option, value)
        }
        var document = INIDocument(
            allowsNoValue: options["allow_no_value"]?.isTruthy ?? false,
            isCaseSensitive: options["case_sensitive"]?.isTruthy ?? false)
        let interpolating = options["interpolation"]?.isTruthy ?? true
        var section = options["section"]?.pythonString ?? "global"
        var results: [Value] = []
        for term in call.terms {
            let text = term.pythonString
            var key = text
            if text.contains("=") || PythonStrings.strip(text, characters: nil).contains(" ") {
                key = try applyInline(text)
                section = options["section"]?.pythonString ?? "global"
            }
            let file = options["file"]?.pythonString ?? "ansible.ini"
            var contents = try FileEncoding.read(file, encoding: options["encoding"] ?? "utf-8", call: call)
            if options["type"]?.pythonString == "properties" {
                contents = "[java_properties]\n" + contents
                section = "java_properties"
            }
            do throws(INIProblem) {
                try document.read(contents)
            } catch {
                if case .duplicateOption = error { throw call.fail("Duplicate option in '\(file)': \(error.message)") }
                throw call.fail(error.message)
            }
            do throws(INIDocument.ValueProblem) {
                results += try values(of: key, in: section, document: document, interpolating: interpolating)
            } catch {
                switch error {
                case .noSection(let name): throw call.fail("No section '\(name)' in \(file)")
                case .interpolation(let message): throw call.fail(message)
                }
            }
        }
        return results
    }

    private func values(of key: String, in section: String, document: INIDocument, interpolating: Bool)
        throws(INIDocument.ValueProblem) -> [Value]
    {
        if options["re"]?.isTruthy == true {
            let items = try document.items(in: section, interpolating: interpolating)
            var matched: [Value] = []
            for (name, value) in items {
                let pattern: PythonRegex
                let match: PythonRegex.Match?
                do throws(TemplateFailure) {
                    pattern = try call.interpreter.regexCache.regex(key, at: call.offset)
                    match = try pattern.firstMatch(
                        in: name, anchored: true, within: call.interpreter.limits.maxRegexSeconds, at: call.offset)
                } catch {
                    throw .interpolation(error.message)
                }
                if match != nil { matched.append(value.map(Value.string) ?? .null) }
            }
            return matched
        }
        switch try document.value(of: key, in: section, interpolating: interpolating) {
        case .none:
            let fallback = options["default"] ?? ""
            return fallback.isNull ? [] : fallback.listValue ?? [fallback]
        case .some(.none): return []
        case .some(.some(let text)): return [.string(text)]
        }
    }

    /// `key words option=value …` split as ansible-core's ini lookup splits it (on spaces, a
    /// word naming an option starting that option's value, later words joining the value
    /// before them); the options are set, and the key returned.
    private mutating func applyInline(_ term: String) throws(TemplateFailure) -> String {
        var values: [String: String] = [:]
        var order: [String] = []
        var current = "key"
        for (index, phrase) in term.split(whereSeparator: { PythonStrings.isSpace($0) }).map(String.init).enumerated() {
            if phrase.contains("=") {
                for name in Self.optionNames where phrase.contains(name + "=") { current = name }
            }
            if index == 0 || (values[current] ?? "").isEmpty {
                values[current] = phrase
                order.append(current)
            } else {
                values[current, default: ""] += " " + phrase
            }
        }
        let parameters = order.map { values[$0] ?? "" }
        var key: String?
        for parameter in parameters {
            if parameter.contains("=") {
                let parts = parameter.split(separator: "=", omittingEmptySubsequences: false)
                guard parts.count == 2 else {
                    let listed = "[" + parameters.map(Value.pythonStringRepr).joined(separator: ", ") + "]"
                    throw call.fail(
                        "Could not use '\(parameter)' from '\(listed)': "
                            + (parts.count > 2 ? "too many values to unpack (expected 2)" : "not enough values to unpack"))
                }
                let name = String(parts[0])
                guard Self.optionNames.contains(name) else { throw call.fail("\(name) is not a valid option.") }
                try set(name, .string(String(parts[1])))
            } else if key == nil {
                key = parameter
            }
        }
        guard let key else {
            throw call.fail("No key to lookup was provided as first term with in string inline options: \(term)")
        }
        return key
    }

    private mutating func set(_ name: String, _ value: Value) throws(TemplateFailure) {
        if name == "type", !["ini", "properties"].contains(value.pythonString) {
            throw call.fail(
                "Invalid value \"\(value.pythonString)\" for configuration option \"plugin_type: lookup plugin: ini "
                    + "setting: type \", valid values are: ini, properties")
        }
        options[name] = Self.booleanOptions.contains(name) ? .bool(Self.boolean(value)) : value
    }

    /// ansible-core's lenient boolean: `yes`, `on`, `1`, `true`, `t`, `y` (any case) are true.
    static func boolean(_ value: Value) -> Bool {
        switch value {
        case .bool(let flag): return flag
        case .int(let number): return number == 1
        case .double(let number): return number == 1
        case .string(let text): return ["y", "yes", "on", "1", "true", "t"].contains(PythonStrings.strip(text.lowercased(), characters: nil))
        default: return false
        }
    }
}
