import Values

extension ModuleProgram {
    /// `validate: visudo -cf %s` becomes `pb_validate FILE`: split like Ansible splits it (shlex,
    /// no shell), `%s` standing for the file to check. Every module that writes a file checks
    /// the new content with it before the file is replaced.
    public mutating func defineValidate(_ text: String) throws(ModuleProgramError) {
        guard text.contains("%s") else { throw .invalidValidate("validate must contain %s: \(text)") }
        let words: [String]
        do {
            words = try ShellWords.split(text)
        } catch {
            throw .invalidValidate("validate has an unclosed \(error.quote) quote: \(text)")
        }
        let parts: [[CommandPart]] = words.map { word in
            let pieces = word.split(separator: "%s", omittingEmptySubsequences: false)
            var parts: [CommandPart] = []
            for (index, piece) in pieces.enumerated() {
                if index > 0 { parts.append(.parameter) }
                if !piece.isEmpty { parts.append(.text(String(piece))) }
            }
            return parts
        }
        try defineCommand("pb_validate", words: [[.text("env")], [.text("--")]] + parts)
    }

    /// The arguments of a module that checks a file before writing it: each one (but `skipping`)
    /// as its shell variable, `validate` as `pb_validate`, every mode as its function.
    mutating func setCheckedFileArguments(_ arguments: ValueDict, skipping: Set<String>, spec: ModuleSpec)
        throws(ModuleProgramError)
    {
        for (name, value) in arguments where !skipping.contains(name) {
            try set(name, value)
        }
        if case .string(let validate)? = arguments["validate"] {
            try defineValidate(validate)
        }
        try ProgramModule.defineModes(arguments, spec: spec, in: &self)
    }
}
