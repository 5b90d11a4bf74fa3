import Diagnostics
import Values
import YAML

extension ModuleSpec {
    /// Load-time validation of the arguments as written, before templating.
    ///
    /// Reports every problem at once: unknown arguments (with "did you mean"), missing required
    /// ones, literal values of the wrong type or outside the choices, unquoted octal modes, and
    /// the rules between arguments. Values containing `{{` or `{%` are only known after
    /// templating; `normalize(_:at:)` checks them then.
    public func validate(_ arguments: [ArgumentNode], moduleMark: Mark) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var given: [String: ArgumentNode] = [:]
        var literals: [String: Value] = [:]
        for argument in arguments {
            guard let spec = self.argument(named: argument.name) else {
                if !acceptsAnyArguments { problems.append(unknownArgument(argument)) }
                continue
            }
            if let earlier = given[spec.name] {
                problems.append(
                    Diagnostic(
                        .warning, kind: .conflict,
                        "both '\(earlier.name)' and '\(argument.name)' set argument '\(spec.name)' of module '\(name)'",
                        at: argument.nameMark,
                        hint: "Ansible uses the value given through the alias; write only one of them",
                        notes: [.init(mark: earlier.nameMark, message: "'\(earlier.name)' is set here")]))
            }
            if argument.value.isNullScalar {
                continue
            }
            given[spec.name] = argument
            let (literal, valueProblems) = checkLiteral(argument, spec: spec)
            problems += valueProblems
            if let literal { literals[spec.name] = literal }
        }
        problems += checkRules(
            present: Set(given.keys), literals: literals, moduleMark: moduleMark,
            markOf: { given[$0]?.nameMark })
        return problems
    }

    private func unknownArgument(_ argument: ArgumentNode) -> Diagnostic {
        let hint =
            Suggestion.didYouMean(argument.name, in: visibleArgumentNames)
            ?? (visibleArgumentNames.isEmpty
                ? "module '\(name)' takes no arguments"
                : "module '\(name)' takes: \(visibleArgumentNames.joined(separator: ", "))")
        return .error(
            .unknownArgument, "unknown argument '\(argument.name)' for module '\(name)'",
            at: argument.nameMark, hint: hint)
    }

    /// The literal value converted to the argument's type, or the problems with it. Templated
    /// values yield neither.
    private func checkLiteral(_ argument: ArgumentNode, spec: ArgumentSpec) -> (Value?, [Diagnostic]) {
        let node = argument.value
        if let custom = node.tag, !custom.hasPrefix("!!") || custom == "!!binary" {
            return (nil, [])  // `!vault`, `!unsafe`: opaque text
        }
        if spec.type == .mode, let problem = ambiguousMode(node, argument: argument) {
            return (nil, [problem])
        }
        if spec.type == .string || spec.type == .path, let scalar = node.scalar, scalar.style == .plain,
            node.tag == nil, spec.choices.isEmpty,
            ["yes", "no", "on", "off", "true", "false"].contains(scalar.text.lowercased())
        {
            return (
                .string(scalar.text),
                [
                    Diagnostic(
                        .warning, kind: .ambiguousValue,
                        "'\(scalar.text)' for argument '\(argument.name)' of module '\(name)' is read as a boolean by YAML",
                        at: node.mark, hint: "quote it if you mean the text: \(argument.name): \"\(scalar.text)\"")
                ]
            )
        }
        guard let value = LiteralValue.from(node) else { return (nil, []) }
        do throws(ConversionError) {
            let converted = try ArgumentConversion.convert(mappingBooleanChoices(value, spec: spec), to: spec.type)
            if let problem = checkChoices(converted, spec: spec, argumentName: argument.name, at: node.mark) {
                return (nil, [problem])
            }
            return (converted, [])
        } catch {
            return (
                nil,
                [
                    .error(
                        .wrongType, "argument '\(argument.name)' of module '\(name)' \(error.message)",
                        at: node.mark, hint: error.hint)
                ]
            )
        }
    }

    /// `mode: 0644` unquoted: YAML 1.1 reads it as the number 420, and `mode: 644` as decimal
    /// 644 (which Ansible applies as 01204). Both are refused with a hint to quote the mode.
    private func ambiguousMode(_ node: Node, argument: ArgumentNode) -> Diagnostic? {
        guard node.scalar != nil, !node.isTemplated else { return nil }
        switch node.requireString(key: argument.name) {
        case .failure(let problem):
            return problem
        case .success(let text):
            guard node.scalar?.style == .plain, node.tag == nil, !text.isEmpty, text.allSatisfy(\.isNumber)
            else { return nil }
            return .error(
                .ambiguousValue,
                "unquoted '\(text)' is the decimal number \(text) in YAML, which Ansible would apply as mode \(decimalAsOctal(text))",
                at: node.mark, hint: "quote it: \(argument.name): \"\(text.hasPrefix("0") ? text : "0" + text)\"")
        }
    }

    private func decimalAsOctal(_ text: String) -> String {
        guard let value = Int(text) else { return text }
        return "0" + String(value, radix: 8)
    }

    func checkChoices(_ value: Value, spec: ArgumentSpec, argumentName: String, at mark: Mark?) -> Diagnostic? {
        guard !spec.choices.isEmpty else { return nil }
        let items: [Value]
        if case .list(let list) = value { items = list } else { items = [value] }
        for item in items {
            guard let text = choiceText(item, choices: spec.choices), !spec.choices.contains(text) else { continue }
            let shown = ArgumentConversion.describe(item)
            return .error(
                .badChoice,
                "argument '\(argumentName)' of module '\(name)' must be one of: \(spec.choices.joined(separator: ", ")); got \(shown)",
                at: mark, hint: Suggestion.didYouMean(ArgumentConversion.describe(item).trimmingQuotes(), in: spec.choices))
        }
        return nil
    }
}

extension String {
    fileprivate func trimmingQuotes() -> String {
        hasPrefix("'") && hasSuffix("'") && count >= 2 ? String(dropFirst().dropLast()) : self
    }
}
