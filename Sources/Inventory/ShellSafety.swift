import Values

/// Host names, `ansible_host` and `ansible_user` end up on SSH command lines, in `known_hosts`
/// lines and in remote shell programs. Rejecting shell metacharacters where they are written is
/// cheaper and clearer than hoping every later use quotes them.
public enum ShellSafety {
    /// Characters that change the meaning of a shell word, split it, or end a command.
    static let forbidden: Set<Character> = [
        ";", "|", "&", "$", "`", "'", "\"", "(", ")", "<", ">", "\\", " ", "\t", "\n", "\r",
    ]

    /// The first character that makes `text` unsafe as a host name or user name, described for
    /// a person (`a space`, `';'`), with its offset; `nil` when the text is safe.
    public static func firstUnsafeCharacter(in text: String) -> (description: String, offset: Int)? {
        if text.first == "-" { return ("a leading '-'", 0) }
        for (offset, character) in text.enumerated() {
            if forbidden.contains(character) || character.unicodeScalars.contains(where: isControl) {
                return (describe(character), offset)
            }
        }
        return nil
    }

    public static func isSafe(_ text: String) -> Bool {
        !text.isEmpty && firstUnsafeCharacter(in: text) == nil
    }

    /// Values still holding a template are checked after templating, when they are final.
    static func isTemplated(_ text: String) -> Bool {
        text.contains("{{") || text.contains("{%")
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F
    }

    private static func describe(_ character: Character) -> String {
        switch character {
        case " ": return "a space"
        case "\t": return "a tab"
        case "\n", "\r": return "a line break"
        default:
            if character.unicodeScalars.contains(where: isControl) { return "a control character" }
            return "'\(character)'"
        }
    }
}

extension ShellSafety {
    /// Connection variables whose values reach SSH or a command line verbatim.
    static let checkedConnectionVariables: Set<String> = [
        "ansible_host", "ansible_ssh_host", "ansible_user", "ansible_ssh_user", "ansible_become_user",
    ]

    /// The problem with a connection variable's literal value, if it has one. Templated values
    /// are checked again once rendered, by `ConnectionSettings`.
    static func connectionVariableProblem(name: String, value: Value) -> InventoryError? {
        if portVariables.contains(name) { return portProblem(name: name, value: value) }
        guard checkedConnectionVariables.contains(name), case .string(let text) = value,
            !isTemplated(text)
        else { return nil }
        guard let unsafe = firstUnsafeCharacter(in: text) else { return nil }
        return .unsafeConnectionValue(variable: name, value: text, character: unsafe.description)
    }

    static let portVariables: Set<String> = ["ansible_port", "ansible_ssh_port"]

    /// A port written literally must be an integer in range; a template is judged once rendered.
    private static func portProblem(name: String, value: Value) -> InventoryError? {
        switch value {
        case .int(let port):
            return (1...65535).contains(port) ? nil : .portOutOfRange(variable: name, port)
        case .string(let text) where isTemplated(text):
            return nil
        case .string(let text):
            guard let port = Int(text.trimmingBlanks()) else {
                return .wrongConnectionType(variable: name, expected: "an integer port", found: "'\(text)'")
            }
            return (1...65535).contains(port) ? nil : .portOutOfRange(variable: name, port)
        default:
            return .wrongConnectionType(variable: name, expected: "an integer port", found: value.typeName)
        }
    }
}
