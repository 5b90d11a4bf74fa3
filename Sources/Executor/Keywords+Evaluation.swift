import Diagnostics
import PlaybookModel
import Templating
import Values

/// Turning keyword values as written (`become: "{{ use_sudo }}"`, `retries: 3`) into what a
/// task on one host uses, with Ansible's conversions.
extension VariableScope {
    func bool(_ value: Templatable<Bool>?, default fallback: Bool) throws(TemplateError) -> Bool {
        switch value {
        case nil: return fallback
        case .literal(let b, _): return b
        case .template(let text, let mark):
            let rendered = try render(.string(text), at: mark)
            return Self.truth(rendered)
        }
    }

    func int(_ value: Templatable<Int>?, default fallback: Int) throws(TemplateError) -> Int {
        switch value {
        case nil: return fallback
        case .literal(let i, _): return i
        case .template(let text, let mark):
            let rendered = try render(.string(text), at: mark)
            switch rendered {
            case .int(let i): return i
            case .double(let d): return Int(d)
            case .string(let s): if let i = Int(s.trimmingWhitespace()) { return i }
            default: break
            }
            throw TemplateError(
                kind: .typeError,
                diagnostic: .error(.wrongType, "expected an integer, got \(rendered.typeName) '\(rendered.renderedText)'", at: mark))
        }
    }

    func string(_ value: Located<String>?) throws(TemplateError) -> String? {
        guard let value else { return nil }
        return try render(.string(value.value), at: value.mark).renderedText
    }

    /// Evaluates `when:`-style conditions (all must hold). Returns the first false one.
    func firstFalse(_ conditions: [Conditional]) throws(TemplateError) -> Conditional? {
        for condition in conditions {
            let value = try evaluate(condition.expression, at: condition.mark)
            if !Self.truth(value) { return condition }
        }
        return nil
    }

    /// Ansible's `boolean()`: `yes`, `on`, `true`, `1` (any case) are true; other strings false.
    static func truth(_ value: Value) -> Bool {
        if case .string(let s) = value {
            return ["yes", "on", "true", "1", "y", "t"].contains(s.trimmingWhitespace().lowercased())
        }
        return value.isTruthy
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
