import Values

/// Reading values back, as `ConfigParser.get` and `items` give them: a section's own options
/// over the `[DEFAULT]` ones, and, with interpolation, `%(name)s` replaced by another option of
/// the same section and `%%` by `%` (Python's `BasicInterpolation`).
extension INIDocument {
    enum ValueProblem: Error, Equatable {
        case noSection(String)
        case interpolation(String)
    }

    /// Python's `MAX_INTERPOLATION_DEPTH`.
    static let maximumInterpolationDepth = 10
    /// Ten levels of references that each name the next level several times would grow
    /// exponentially (Python runs out of memory); a value past this size is refused instead.
    static let maximumValueBytes = 1 << 20

    /// The option's value; `.none` when the section has no such option, `.some(nil)` for an
    /// option written without a value.
    func value(of option: String, in section: String, interpolating: Bool) throws(ValueProblem) -> String?? {
        let options = try merged(section)
        let name = optionName(option)
        guard let found = options.first(where: { $0.name == name }) else { return .none }
        guard let text = found.value else { return .some(nil) }
        guard interpolating else { return text }
        var budget = Self.maximumValueBytes
        return try interpolated(text, option: name, section: section, options: options, budget: &budget)
    }

    /// Every option of the section with its value, the `[DEFAULT]` ones first.
    func items(in section: String, interpolating: Bool) throws(ValueProblem) -> [(name: String, value: String?)] {
        let options = try merged(section)
        guard interpolating else { return options }
        var result: [(name: String, value: String?)] = []
        for (name, value) in options {
            // Python interpolates a missing value as an empty text.
            var budget = Self.maximumValueBytes
            result.append((name, try interpolated(value ?? "", option: name, section: section, options: options, budget: &budget)))
        }
        return result
    }

    private func merged(_ sectionName: String) throws(ValueProblem) -> [(name: String, value: String?)] {
        guard let own = section(sectionName) else { throw .noSection(sectionName) }
        var result: [(name: String, value: String?)] = []
        for name in defaults.names {
            guard case .some(let value) = defaults[name] else { continue }
            if case .some(let overriding) = own[name] { result.append((name, overriding)) } else { result.append((name, value)) }
        }
        for name in own.names where defaults[name] == nil {
            if case .some(let value) = own[name] { result.append((name, value)) }
        }
        return result
    }

    private func interpolated(
        _ text: String, option: String, section: String, options: [(name: String, value: String?)], depth: Int = 1,
        budget: inout Int
    ) throws(ValueProblem) -> String {
        // Every piece of text copied into the result is paid for from `budget`, so the work
        // stays bounded however the references multiply.
        func spend(_ piece: some StringProtocol) throws(ValueProblem) {
            budget -= piece.utf8.count
            guard budget >= 0 else {
                throw .interpolation(
                    "the value of option \(Value.pythonStringRepr(option)) in section \(Value.pythonStringRepr(section)) "
                        + "grows past \(Self.maximumValueBytes >> 20) MiB through interpolation")
            }
        }
        let raw = options.first { $0.name == option }?.value ?? text
        if depth > Self.maximumInterpolationDepth {
            throw .interpolation(
                "Recursion limit exceeded in value substitution: option \(Value.pythonStringRepr(option)) in section "
                    + "\(Value.pythonStringRepr(section)) contains an interpolation key which cannot be substituted in "
                    + "\(Self.maximumInterpolationDepth) steps. Raw value: \(Value.pythonStringRepr(raw))")
        }
        var out = ""
        var rest = Substring(text)
        while let percent = rest.firstIndex(of: "%") {
            try spend(rest[..<percent])
            out += rest[..<percent]
            rest = rest[percent...]
            let next = rest.dropFirst().first
            if next == "%" {
                out += "%"
                rest = rest.dropFirst(2)
            } else if next == "(" {
                let afterOpen = rest.dropFirst(2)
                guard let close = afterOpen.firstIndex(of: ")"), close > afterOpen.startIndex,
                    afterOpen[afterOpen.index(after: close)...].first == "s"
                else {
                    throw .interpolation("bad interpolation variable reference \(Value.pythonStringRepr(String(rest)))")
                }
                let name = optionName(String(afterOpen[..<close]))
                rest = afterOpen[afterOpen.index(close, offsetBy: 2)...]
                guard let referenced = options.first(where: { $0.name == name }) else {
                    throw .interpolation(
                        "Bad value substitution: option \(Value.pythonStringRepr(option)) in section "
                            + "\(Value.pythonStringRepr(section)) contains an interpolation key \(Value.pythonStringRepr(name)) "
                            + "which is not a valid option name. Raw value: \(Value.pythonStringRepr(raw))")
                }
                let value = referenced.value ?? ""
                if value.contains("%") {
                    out += try interpolated(
                        value, option: option, section: section, options: options, depth: depth + 1, budget: &budget)
                } else {
                    try spend(value)
                    out += value
                }
            } else {
                throw .interpolation(
                    "'%' must be followed by '%' or '(', found: \(Value.pythonStringRepr(String(rest)))")
            }
        }
        try spend(rest)
        return out + rest
    }
}
