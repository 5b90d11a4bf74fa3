import Values

/// A parsed Jinja2 expression. `offset` is where it starts in the template text, so that a
/// failure while evaluating it points at the right column.
struct Expression: Sendable {
    indirect enum Kind: Sendable {
        case literal(Value)
        case name(String)
        case attribute(Expression, String)
        case index(Expression, Expression)
        case slice(Expression, start: Expression?, stop: Expression?, step: Expression?)
        case list([Expression])
        case dict([(key: Expression, value: Expression)])
        case unary(UnaryOperator, Expression)
        case binary(BinaryOperator, Expression, Expression)
        case compare(Expression, [(op: CompareOperator, operand: Expression)])
        case and(Expression, Expression)
        case or(Expression, Expression)
        case not(Expression)
        case conditional(condition: Expression, then: Expression, otherwise: Expression?)
        case filter(Expression, name: String, Arguments)
        case test(Expression, name: String, Arguments, negated: Bool)
        case call(Expression, Arguments)
    }

    struct Arguments: Sendable {
        var positional: [Expression] = []
        var keywords: [(name: String, value: Expression)] = []
        var isEmpty: Bool { positional.isEmpty && keywords.isEmpty }
    }

    enum UnaryOperator: String, Sendable { case minus = "-", plus = "+" }

    enum BinaryOperator: String, Sendable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//"
        case modulo = "%", power = "**", concat = "~"
    }

    enum CompareOperator: String, Sendable {
        case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">"
        case greaterEqual = ">=", isIn = "in", notIn = "not in"
    }

    var kind: Kind
    var offset: Int
    /// `(a, b)` rather than `[a, b]`: both evaluate to a list, but a tuple prints as one.
    var isTuple = false

    init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    /// How the user wrote a variable access, for "is undefined" messages: `item.name`,
    /// `hostvars['web1'].port`, `users[0]`.
    var path: String {
        switch kind {
        case .name(let name): return name
        case .attribute(let base, let name): return "\(base.path).\(name)"
        case .index(let base, let key):
            switch key.kind {
            case .literal(.string(let s)): return "\(base.path)['\(s)']"
            case .literal(let v): return "\(base.path)[\(v.pythonRepr)]"
            case .name(let n): return "\(base.path)[\(n)]"
            default: return "\(base.path)[…]"
            }
        case .call(let callee, _): return "\(callee.path)()"
        case .filter(let base, let name, _): return "\(base.path) | \(name)"
        case .literal(let v): return v.pythonRepr
        default: return "(expression)"
        }
    }
}
