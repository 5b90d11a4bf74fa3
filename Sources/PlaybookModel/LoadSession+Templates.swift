import Diagnostics
import Templating
import YAML

/// Jinja2 syntax is checked while loading, so a broken `{{` is reported with every other
/// problem of the playbook instead of failing the run half-way.
extension LoadSession {
    /// Checks every templated string in `node` and below.
    func checkTemplates(in node: Node) {
        switch node.kind {
        case .scalar(let scalar):
            guard scalar.text.contains("{{") || scalar.text.contains("{%") || scalar.text.contains("{#") else { return }
            checkTemplateSyntax(scalar.text, at: node.mark)
        case .sequence(let items):
            items.forEach(checkTemplates)
        case .mapping(let pairs):
            for pair in pairs {
                checkTemplates(in: pair.key)
                checkTemplates(in: pair.value)
            }
        }
    }

    func checkTemplateSyntax(_ text: String, at mark: Mark) {
        if let problem = templates.checkSyntax(text, at: mark) { report(problem) }
    }

    func checkExpressionSyntax(_ expression: String, at mark: Mark) {
        if let problem = templates.checkExpressionSyntax(expression, at: mark) { report(problem) }
    }
}
