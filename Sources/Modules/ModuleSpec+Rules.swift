import Diagnostics
import Values

extension ModuleSpec {
    /// The rules between arguments, shared by load-time validation and run-time normalisation:
    /// required, mutually exclusive, required one of, required if.
    ///
    /// `present` holds canonical names of the arguments given; `literals` the values known so
    /// far (converted); `markOf` where an argument was written, when known.
    func checkRules(
        present: Set<String>, literals: [String: Value], moduleMark: Mark?, markOf: (String) -> Mark?
    ) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for spec in arguments where spec.required && !present.contains(spec.name) {
            let written = spec.name.hasPrefix("_") ? "a free-form command" : "argument '\(spec.name)'"
            problems.append(
                .error(.missingArgument, "module '\(name)' needs \(written)", at: moduleMark))
        }
        for group in mutuallyExclusive {
            let clashing = group.filter(present.contains)
            guard clashing.count > 1 else { continue }
            let listed = clashing.map { "'\($0)'" }.joined(separator: " and ")
            let last = clashing.last.flatMap(markOf) ?? moduleMark
            let notes = clashing.dropLast().compactMap { other in
                markOf(other).map { Diagnostic.Note(mark: $0, message: "'\(other)' is given here") }
            }
            problems.append(
                .error(
                    .conflict, "arguments \(listed) of module '\(name)' are mutually exclusive", at: last,
                    notes: notes))
        }
        for group in requiredOneOf where !group.contains(where: present.contains) {
            problems.append(
                .error(
                    .missingArgument,
                    "module '\(name)' needs one of the arguments: \(group.joined(separator: ", "))",
                    at: moduleMark))
        }
        for rule in requiredIf {
            // An absent argument takes its default, as Ansible sets defaults before this check.
            let value =
                present.contains(rule.argument)
                ? literals[rule.argument] : self.argument(named: rule.argument)?.defaultValue
            guard let value, matches(value, rule.value) else { continue }
            let missing = rule.requires.filter { !present.contains($0) }
            guard !missing.isEmpty else { continue }
            let listed = missing.map { "'\($0)'" }.joined(separator: ", ")
            problems.append(
                .error(
                    .missingArgument,
                    "module '\(name)' needs \(missing.count == 1 ? "argument" : "arguments") \(listed) when \(rule.argument) is \(ArgumentConversion.describe(rule.value))",
                    at: markOf(rule.argument) ?? moduleMark))
        }
        for rule in requiredBy where present.contains(rule.argument) {
            let missing = rule.requires.filter { !present.contains($0) }
            guard !missing.isEmpty else { continue }
            let listed = missing.map { "'\($0)'" }.joined(separator: ", ")
            problems.append(
                .error(
                    .missingArgument,
                    "module '\(name)' needs \(missing.count == 1 ? "argument" : "arguments") \(listed) when '\(rule.argument)' is given",
                    at: markOf(rule.argument) ?? moduleMark))
        }
        return problems
    }

    private func matches(_ value: Value, _ expected: Value) -> Bool {
        if value == expected { return true }
        if case .bool(let b) = expected { return ArgumentConversion.bool(from: value) == b }
        return false
    }

    /// The text a value is compared to choices with. Booleans map back to the one matching
    /// choice when there is exactly one (`upgrade: yes` → `yes`), as Ansible does, because YAML
    /// turns `yes` into a boolean before the module sees it.
    func choiceText(_ value: Value, choices: [String]) -> String? {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return JSON.format(double: d)
        case .bool(let b):
            let words = b ? ArgumentConversion.trueWords : ArgumentConversion.falseWords
            let overlap = choices.filter { words.contains($0.lowercased()) }
            return overlap.count == 1 ? overlap[0] : (b ? "True" : "False")
        case .null, .list, .dict: return nil
        }
    }
}
