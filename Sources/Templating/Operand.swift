import Values

/// What evaluating an expression yields: a value, or the record of a variable that does not
/// exist. Undefined results travel until something needs their value, so that `default`,
/// `is defined` and `{% if %}` can act on them, as in Jinja2 and Ansible.
enum Operand {
    case value(Value)
    case undefined(Undefined)

    struct Undefined {
        /// The expression as written, e.g. `hostvars['web1'].nginx.port`.
        var path: String
        /// Why it is undefined, when more is known than the path (`'nginx' has no key 'port'`).
        /// Worked out only if the undefined value ends in an error: `x | default(…)` is common
        /// and must not pay for a "did you mean" search over every variable.
        var explain: () -> String?
        var offset: Int
        /// Replaces "'path' is undefined" when the path is not a variable the user wrote.
        var message: String?
        /// Jinja2's plain `Undefined` rather than Ansible's strict one: what an inline `if`
        /// without `else` yields. It prints as nothing (`{{ ',' if not loop.last }}`).
        var printsEmpty = false

        init(path: String, hint: @autoclosure @escaping () -> String?, offset: Int) {
            self.path = path
            self.explain = hint
            self.offset = offset
        }

        var hint: String? { explain() }
    }

    var isDefined: Bool { if case .value = self { return true } else { return false } }

    var valueOrNil: Value? { if case .value(let v) = self { return v } else { return nil } }

    /// Undefined is falsy in `{% if %}`, `and`, `or` and `not`, as in Jinja2.
    var isTruthy: Bool {
        if case .value(let v) = self { return v.isTruthy }
        return false
    }

    /// What `{{ }}` prints: the value, nothing for an inline `if` without `else`, or the error.
    func requireForOutput() throws(TemplateFailure) -> Value {
        if case .undefined(let u) = self, u.printsEmpty { return .string("") }
        return try require()
    }

    /// The value, or the "is undefined" error naming the full path.
    func require() throws(TemplateFailure) -> Value {
        switch self {
        case .value(let v): return v
        case .undefined(let u): throw u.failure
        }
    }
}

extension Operand.Undefined {
    var failure: TemplateFailure {
        TemplateFailure(.undefined(path: path), message ?? "'\(path)' is undefined", at: offset, hint: hint)
    }

    /// A member access on something already undefined: the path grows, the cause stays.
    func extended(to path: String) -> Operand.Undefined {
        let inner = self
        return Operand.Undefined(path: path, hint: inner.hint ?? "'\(inner.path)' is undefined", offset: offset)
    }
}
