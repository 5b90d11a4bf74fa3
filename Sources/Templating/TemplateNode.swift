import Values

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
    /// `{% break %}` / `{% continue %}` (Ansible turns on Jinja2's loopcontrols extension).
    case loopControl(isBreak: Bool)
    /// `{% with a = 1 %}…{% endwith %}`: values computed outside, bound in a scope of their own.
    case scoped(assignments: [Assignment], body: [TemplateNode])
    /// `{% filter upper %}…{% endfilter %}`: the chain is applied to `TemplateNode.filteredName`.
    case filterBlock(Expression, body: [TemplateNode])
    case macro(Macro)
    /// `{% call m(…) %}…{% endcall %}`: `m` runs with `caller()` rendering the body.
    case callBlock(call: Expression, caller: Macro)
    /// `{% include 'x.j2' [ignore missing] %}`; a list names candidates, the first found is used.
    case include(Expression, ignoreMissing: Bool)
    /// `{% import 'm.j2' as m %}`: the file's macros as `m.name`.
    case importFile(Expression, alias: String)
    /// `{% extends 'base.j2' %}`: the rest of the template only overrides the parent's blocks.
    case extends(Expression)
    /// `{% block name %}…{% endblock %}`.
    case block(name: String, body: [TemplateNode])
    /// `{% from 'm.j2' import a, b as c %}`.
    case importNames(Expression, names: [(name: String, alias: String)])

    struct Assignment: Sendable {
        var name: String
        var value: Expression
    }

    struct Macro: Sendable {
        var name: String
        var parameters: [Parameter]
        var body: [TemplateNode]
        var offset: Int
        /// What the top level of the file it was imported from set: its body sees those names.
        var moduleVariables = ValueDict()
        /// Whether the body names `varargs` / `kwargs`: only then does a call accept more
        /// arguments than the macro declares, as in Jinja2.
        var catchesVarargs = true
        var catchesKeywords = true

        struct Parameter: Sendable {
            var name: String
            var defaultValue: Expression?
        }
    }

    /// The name a `{% filter %}` block's text is bound to; a space keeps templates from using it.
    static let filteredName = " filtered"

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
        /// `{% for … recursive %}`: the body may call `loop(items)` to render them the same way.
        var recursive = false
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
