import Diagnostics
import Values

/// A keyword value as the user wrote it: a literal of the expected type, or a Jinja2 template
/// that only the run can resolve (`become: "{{ use_sudo }}"`). Literals are checked at load
/// time; templates are checked for syntax now and for type once rendered per host.
public enum Templatable<T: Sendable & Hashable>: Sendable, Hashable {
    case literal(T, at: Mark)
    case template(String, at: Mark)

    public var mark: Mark {
        switch self {
        case .literal(_, let mark), .template(_, let mark): return mark
        }
    }

    /// The value when it is known without rendering.
    public var literal: T? {
        if case .literal(let value, _) = self { return value }
        return nil
    }

    /// The template text when the value is only known at run time.
    public var template: String? {
        if case .template(let text, _) = self { return text }
        return nil
    }
}

/// A value with the place it was written, for keywords whose type needs no conversion
/// (strings are templated at run time like any other string).
public struct Located<T: Sendable & Hashable>: Sendable, Hashable {
    public var value: T
    public var mark: Mark

    public init(_ value: T, at mark: Mark) {
        self.value = value
        self.mark = mark
    }
}

/// A condition as written in `when:`, `changed_when:`, `failed_when:` or `until:`: a bare
/// Jinja2 expression, evaluated per host. Boolean literals become `True`/`False`; a condition
/// written wholly as `{{ x }}` is unwrapped to `x`. One that mixes `{{ }}` into an expression
/// (deprecated in Ansible, warned about at load) keeps it: `isTemplate` says to render it
/// first and evaluate the result, as Ansible does.
public struct Conditional: Sendable, Hashable, CustomStringConvertible {
    public var expression: String
    public var mark: Mark

    public init(_ expression: String, at mark: Mark) {
        self.expression = expression
        self.mark = mark
    }

    public var isTemplate: Bool { expression.contains("{{") || expression.contains("{%") }

    public var description: String { expression }
}

/// Variables set by a `vars:` keyword, untemplated, with where each one was written so an
/// undefined reference inside one can be reported at its definition.
public struct Variables: Sendable, Hashable {
    public var values: ValueDict
    public var marks: [String: Mark]

    public init(values: ValueDict = ValueDict(), marks: [String: Mark] = [:]) {
        self.values = values
        self.marks = marks
    }

    public var isEmpty: Bool { values.isEmpty }

    /// Later definitions win, as with repeated `vars:` levels.
    public mutating func merge(_ other: Variables) {
        values.merge(other.values)
        marks.merge(other.marks) { _, new in new }
    }
}
