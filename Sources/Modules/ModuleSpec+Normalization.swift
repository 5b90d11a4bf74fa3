import Diagnostics
import Values

extension ModuleSpec {
    /// Run-time normalisation after templating: aliases become canonical names, values are
    /// converted like Ansible converts them (`yes` → true, `"1"` → 1, `"a,b"` → a list), choices
    /// and the rules between arguments are checked, and defaults are applied.
    ///
    /// Every problem is reported at `mark`, the task's place in the playbook.
    public func normalize(_ arguments: ValueDict, at mark: Mark) throws(DiagnosticList) -> ValueDict {
        var problems: [Diagnostic] = []
        var converted: [String: Value] = [:]
        var setThroughAlias: Set<String> = []
        // Given, even when its value was refused: one mistake must not also read as a missing argument.
        var given: Set<String> = []
        var extra = ValueDict()
        for (key, value) in arguments {
            guard let spec = argument(named: key) else {
                if acceptsAnyArguments {
                    extra[key] = value
                } else {
                    let hint = Suggestion.didYouMean(key, in: visibleArgumentNames)
                    problems.append(
                        .error(.unknownArgument, "unknown argument '\(key)' for module '\(name)'", at: mark, hint: hint))
                }
                continue
            }
            if value.isNull { continue }
            given.insert(spec.name)
            let isAlias = key != spec.name
            // Ansible lets the alias win when both spellings are given.
            if !isAlias, setThroughAlias.contains(spec.name) { continue }
            do throws(ConversionError) {
                let value = try ArgumentConversion.convert(mappingBooleanChoices(value, spec: spec), to: spec.type)
                if let problem = checkChoices(value, spec: spec, argumentName: key, at: mark) {
                    problems.append(problem)
                    continue
                }
                converted[spec.name] = value
                if isAlias { setThroughAlias.insert(spec.name) }
            } catch {
                problems.append(
                    .error(.wrongType, "argument '\(key)' of module '\(name)' \(error.message)", at: mark, hint: error.hint))
            }
        }
        problems += checkRules(
            present: given, literals: converted, moduleMark: mark, markOf: { _ in nil })
        guard problems.isEmpty else { throw DiagnosticList(problems) }

        var result = ValueDict()
        for spec in self.arguments {
            if let value = converted[spec.name] ?? spec.defaultValue {
                result[spec.name] = value
            }
        }
        result.merge(extra)
        return result
    }

    /// `upgrade: yes` arrives as `true`; the choice it names is `yes`.
    func mappingBooleanChoices(_ value: Value, spec: ArgumentSpec) -> Value {
        guard !spec.choices.isEmpty else { return value }
        switch value {
        case .bool:
            return choiceText(value, choices: spec.choices).map { .string($0) } ?? value
        case .list(let items):
            return .list(items.map { mappingBooleanChoices($0, spec: spec) })
        default:
            return value
        }
    }
}
