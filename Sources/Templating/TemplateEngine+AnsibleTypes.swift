import Diagnostics
import Values

/// The type of a rendered string, as ansible-core gives it (without `jinja2_native`).
///
/// Ansible renders to text and then turns back into a value only what *looks* like a list, a
/// dict or a bool (`ansible_eval_concat`: text starting with `[` or `{`, or exactly `True` or
/// `False`, goes through `ast.literal_eval`); numbers stay text: `"{{ 3 + 4 }}"` is `"7"`, so
/// `is number` is false and `| int` is needed, as users of Ansible expect. `None` renders as
/// the empty string. The one exception is a template that is exactly one variable name,
/// `"{{ port }}"`: Ansible hands over the variable's value itself, type and all.
extension TemplateEngine {
    func ansibleTyped(_ value: Value, isBareName: Bool) -> Value {
        if isBareName { return value }
        switch value {
        case .null: return .string("")
        case .bool: return value
        case .list, .dict:
            // literal_eval(repr(x)) gives x back, unless a datetime's repr is in it: that is no
            // literal, so the text stays, alone or nested.
            return PythonTime.occurs(in: value) ? .string(value.pythonString) : value
        case .string(let text): return ansibleTyped(text: text)
        default: return .string(value.pythonString)
        }
    }

    /// Text that looks like a Python literal list, dict or bool becomes that value; anything
    /// that is not a pure literal (or does not parse) stays text, as `literal_eval` leaves it.
    func ansibleTyped(text: String) -> Value {
        if text == "True" { return .bool(true) }
        if text == "False" { return .bool(false) }
        guard let first = text.utf8.first, first == UInt8(ascii: "[") || first == UInt8(ascii: "{") else {
            return .string(text)
        }
        let mark = Mark(file: "", line: 1, column: 1)
        guard let compiled = try? compiledExpression(text, at: mark), compiled.expression.isPythonLiteral,
            let value = try? Interpreter(context: TemplateContext(), regexCache: regexCache, limits: limits)
                .evaluate(compiled.expression).require()
        else { return .string(text) }
        return value
    }
}

extension Expression {
    /// Ansible's STRING_TYPE_FILTERS: when one of these filters gives the whole result, the text
    /// is handed over as text, never read back as a list or dict (`{{ cfg | to_nice_json }}`
    /// stays the JSON text, `{{ [1] | string }}` the text `[1]`).
    var isStringTypeFilter: Bool {
        guard case .filter(_, let name, _) = kind else { return false }
        return ["string", "to_json", "to_nice_json", "to_yaml", "to_nice_yaml", "ppretty", "json"]
            .contains(name)
    }

    /// Whether Python's `ast.literal_eval` would accept this: constants, lists, dicts and signed
    /// numbers, nothing that computes or looks a name up.
    var isPythonLiteral: Bool {
        switch kind {
        case .literal: return true
        case .list(let items): return items.allSatisfy(\.isPythonLiteral)
        case .dict(let pairs): return pairs.allSatisfy { $0.key.isPythonLiteral && $0.value.isPythonLiteral }
        case .unary(_, let operand):
            guard case .literal(let value) = operand.kind else { return false }
            switch value {
            case .int, .double: return true
            default: return false
            }
        case .name(let name): return name == "True" || name == "False" || name == "None"
        default: return false
        }
    }

    /// `{{ name }}` and nothing more.
    var isBareName: Bool {
        if case .name = kind { return true }
        return false
    }
}
