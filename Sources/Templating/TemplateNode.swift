/// A parsed template: literal text, `{{ }}` outputs and `{% %}` statements.
indirect enum TemplateNode: Sendable {
    case text(String)
    case output(Expression)
    case conditional(branches: [Branch], otherwise: [TemplateNode]?)
    case loop(Loop)
    /// `{% set a = … %}` and `{% set a, b = … %}`.
    case assign(targets: [String], Expression)
    /// `{% set ns.attr = … %}` on a `namespace()`.
    case assignAttribute(name: String, attribute: String, Expression, offset: Int)
    /// `{% set name %}…{% endset %}`.
    case assignBlock(name: String, body: [TemplateNode])

    struct Branch: Sendable {
        var condition: Expression
        var body: [TemplateNode]
    }

    struct Loop: Sendable {
        var targets: [String]
        var iterable: Expression
        var filter: Expression?
        var body: [TemplateNode]
        var otherwise: [TemplateNode]?
        var offset: Int
    }
}

/// A template compiled once and cached: the nodes plus the text, kept to turn an offset into
/// a line and column when rendering fails.
struct CompiledTemplate: Sendable {
    let nodes: [TemplateNode]
    let source: SourceText

    /// `{{ expr }}` and nothing else: Ansible returns the expression's own type for these.
    var singleExpression: Expression? {
        if nodes.count == 1, case .output(let expr) = nodes[0] { return expr }
        return nil
    }
}

/// A bare expression compiled once and cached.
struct CompiledExpression: Sendable {
    let expression: Expression
    let source: SourceText
}
