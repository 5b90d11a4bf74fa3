#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Diagnostics
import Values
import YAML

extension LoadSession {
    static let promptKeys: Set<String> = [
        "name", "prompt", "default", "private", "confirm", "encrypt", "salt_size", "salt", "unsafe",
    ]

    /// `vars_prompt:` as ansible-core reads it: each entry becomes a play variable. On a terminal
    /// the question is asked (private answers unechoed, an empty answer taking the default);
    /// without one, as under CI, nothing is asked, a warning says so and the default (or null)
    /// is the value.
    func promptedVariables(_ node: Node) -> Variables {
        var result = Variables()
        guard !node.isNull else { return result }
        guard let entries = node.sequence else {
            error(.wrongType, "'vars_prompt' must be a list of prompts, not \(node.describedKind)", at: node.mark)
            return result
        }
        let interactive = isatty(STDIN_FILENO) != 0
        if !interactive, !entries.isEmpty { warning("Not prompting as we are not in interactive mode", at: node.mark) }
        for entry in entries {
            guard entry.mapping != nil else {
                error(.wrongType, "each vars_prompt entry must be a mapping with a 'name'", at: entry.mark)
                continue
            }
            for (key, pair) in entry.keyedPairs where !Self.promptKeys.contains(key) {
                unknownKey(key, at: pair.key.mark, place: "vars_prompt entry", valid: Self.promptKeys)
            }
            guard let nameNode = entry["name"], let name = nameNode.text, name.isIdentifier else {
                error(.missingArgument, "a vars_prompt entry needs a 'name' that is a variable name", at: entry.mark)
                continue
            }
            if entry["encrypt"] != nil {
                error(.other, "'encrypt' in vars_prompt is not supported", at: entry["encrypt"]?.mark,
                      hint: "prompt for the plain value and use | password_hash('sha512') where it is needed")
                continue
            }
            let fallback = entry["default"]?.toValue() ?? .null
            var value = fallback
            if interactive {
                let question = entry["prompt"]?.text ?? name
                let isPrivate = entry["private"].map { $0.toValue().isTruthy } ?? true
                if let answer = Self.ask(question, hiding: isPrivate, fallback: fallback), !answer.isEmpty {
                    value = .string(answer)
                }
            }
            result.values[name] = value
            result.marks[name] = nameNode.mark
        }
        return result
    }

    /// One question on the terminal, as Ansible words it (`question [default]: `).
    private static func ask(_ question: String, hiding: Bool, fallback: Value) -> String? {
        var prompt = question
        if !fallback.isNull { prompt += " [\(fallback.pythonString)]" }
        writeToTerminal(prompt + ": ")
        var saved = termios()
        let canHide = hiding && tcgetattr(STDIN_FILENO, &saved) == 0
        if canHide {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        }
        defer {
            if canHide {
                tcsetattr(STDIN_FILENO, TCSANOW, &saved)
                writeToTerminal("\n")
            }
        }
        guard let line = readLine(strippingNewline: true) else { return nil }
        return line
    }

    private static func writeToTerminal(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
