import Values
import YAML

/// The value a literal YAML node will have when it reaches a module, for checks made before
/// templating. Anything that templating may still change yields nil.
enum LiteralValue {
    static let maximumDepth = 64

    static func from(_ node: Node) -> Value? {
        guard !containsTemplate(node, depth: 0) else { return nil }
        return node.toValue()
    }

    private static func containsTemplate(_ node: Node, depth: Int) -> Bool {
        guard depth < maximumDepth else { return true }  // too deep to judge: leave it to run time
        switch node.kind {
        case .scalar: return node.isTemplated
        case .sequence(let items): return items.contains { containsTemplate($0, depth: depth + 1) }
        case .mapping(let pairs):
            return pairs.contains { containsTemplate($0.key, depth: depth + 1) || containsTemplate($0.value, depth: depth + 1) }
        }
    }
}
