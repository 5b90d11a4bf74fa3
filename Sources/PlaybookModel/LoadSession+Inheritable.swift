import Diagnostics
import Values
import YAML

extension LoadSession {
    static let becomeMethods = ["sudo", "su"]
    static let connections = ["ssh", "smart", "paramiko", "local"]

    /// Reads `key` into `keywords` when it is one of the keywords plays, roles, blocks and
    /// tasks share; false when it is not one of them.
    func readInheritable(_ key: String, _ value: Node, into keywords: inout InheritableKeywords) -> Bool {
        switch key {
        case "when": keywords.when = conditionals(value, key)
        case "tags": keywords.tags = tags(value, key)
        case "vars": keywords.vars = variables(value, key)
        case "environment": keywords.environment = environment(value)
        case "become": keywords.become = bool(value, key)
        case "become_user": keywords.becomeUser = string(value, key)
        case "become_method": keywords.becomeMethod = choice(value, key, Self.becomeMethods)
        case "become_flags": keywords.becomeFlags = string(value, key)
        case "remote_user": keywords.remoteUser = string(value, key)
        case "connection": keywords.connection = choice(value, key, Self.connections)
        case "port": keywords.port = int(value, key)
        case "ignore_errors": keywords.ignoreErrors = bool(value, key)
        case "ignore_unreachable": keywords.ignoreUnreachable = bool(value, key)
        case "any_errors_fatal": keywords.anyErrorsFatal = bool(value, key)
        case "no_log": keywords.noLog = bool(value, key)
        case "check_mode": keywords.checkMode = bool(value, key)
        case "diff": keywords.diff = bool(value, key)
        case "run_once": keywords.runOnce = bool(value, key)
        case "delegate_to": keywords.delegateTo = string(value, key)
        case "delegate_facts": keywords.delegateFacts = bool(value, key)
        case "throttle": keywords.throttle = int(value, key)
        case "timeout": keywords.timeout = int(value, key)
        case "module_defaults": keywords.moduleDefaults = moduleDefaults(value)
        case "collections": _ = stringList(value, key)  // modules are found by name; collections add nothing
        case "debugger":
            warning(Keywords.ignored[key] ?? "'\(key)' is ignored", at: value.mark)
        default: return false
        }
        return true
    }

    /// A string keyword whose literal value must be one of `choices`; templates pass.
    func choice(_ node: Node, _ keyword: String, _ choices: [String]) -> Located<String>? {
        guard let value = string(node, keyword) else { return nil }
        if node.isTemplate || choices.contains(value.value) { return value }
        error(
            .badChoice, "'\(keyword)' must be one of: \(choices.joined(separator: ", ")); got '\(value.value)'",
            at: node.mark, hint: Suggestion.didYouMean(value.value, in: choices))
        return nil
    }

    /// `when:`-style conditions: one expression, a boolean, or a list of them (all must hold).
    func conditionals(_ node: Node, _ keyword: String) -> [Conditional] {
        if node.isNull { return [] }
        if let items = node.sequence { return items.compactMap { conditional($0, keyword) } }
        return conditional(node, keyword).map { [$0] } ?? []
    }

    private func conditional(_ node: Node, _ keyword: String) -> Conditional? {
        if node.isNull { return nil }
        guard let text = node.text else {
            error(
                .wrongType, "'\(keyword)' must be an expression or a list of expressions, not \(node.describedKind)",
                at: node.mark)
            return nil
        }
        if let literal = node.yamlBool { return Conditional(literal ? "True" : "False", at: node.mark) }
        var expression = text.trimmedWhitespace
        if expression.isEmpty {
            error(.syntax, "'\(keyword)' has an empty expression", at: node.mark)
            return nil
        }
        if expression.contains("{{") || expression.contains("{%") {
            warning(
                "conditional statements should not include Jinja2 templating delimiters such as {{ }} or {% %}",
                at: node.mark,
                hint: "write the bare expression: \(keyword): \(Self.unwrapped(expression) ?? "x is defined")")
            if let inner = Self.unwrapped(expression) {
                expression = inner
            } else {
                checkTemplateSyntax(expression, at: node.mark)
                return Conditional(expression, at: node.mark)
            }
        }
        checkExpressionSyntax(expression, at: node.mark)
        return Conditional(expression, at: node.mark)
    }

    /// `x` from `{{ x }}` when the whole text is one expression.
    static func unwrapped(_ text: String) -> String? {
        guard text.hasPrefix("{{"), text.hasSuffix("}}"), text.occurrences(of: "{{") == 1,
            text.occurrences(of: "}}") == 1
        else { return nil }
        let inner = text.dropFirst(2).dropLast(2).trimmedWhitespace
        return inner.isEmpty ? nil : inner
    }

    /// `vars:` — a mapping of variable names to values, or a list of such mappings.
    func variables(_ node: Node, _ keyword: String) -> Variables {
        var result = Variables()
        if node.isNull { return result }
        let mappings: [Node]
        if node.mapping != nil {
            mappings = [node]
        } else if let items = node.sequence, items.allSatisfy({ $0.mapping != nil }) {
            mappings = items
        } else {
            error(
                .wrongType, "'\(keyword)' must be a mapping of variable names to values, not \(node.describedKind)",
                at: node.mark)
            return result
        }
        for mapping in mappings {
            for (name, pair) in mapping.keyedPairs {
                guard name.isIdentifier else {
                    error(
                        .wrongType, "'\(name)' is not a valid variable name", at: pair.key.mark,
                        hint: "variable names are letters, digits and underscores, not starting with a digit")
                    continue
                }
                result.values[name] = pair.value.toValue()
                result.marks[name] = pair.value.mark
            }
        }
        return result
    }

    /// `environment:` — a mapping, a list of mappings, or a template producing one.
    func environment(_ node: Node) -> Located<Value>? {
        if node.isNull { return nil }
        let valid: Bool
        switch node.kind {
        case .mapping: valid = true
        case .sequence(let items): valid = items.allSatisfy { $0.mapping != nil || $0.isTemplate }
        case .scalar: valid = node.isTemplate
        }
        guard valid else {
            error(
                .wrongType, "'environment' must be a mapping of variable names to values, not \(node.describedKind)",
                at: node.mark)
            return nil
        }
        return Located(node.toValue(), at: node.mark)
    }

    private func moduleDefaults(_ node: Node) -> Located<Value>? {
        if node.isNull { return nil }
        guard node.mapping != nil || node.sequence != nil || node.isTemplate else {
            error(
                .wrongType,
                "'module_defaults' must be a mapping of module names to arguments, not \(node.describedKind)",
                at: node.mark)
            return nil
        }
        return Located(node.toValue(), at: node.mark)
    }
}
