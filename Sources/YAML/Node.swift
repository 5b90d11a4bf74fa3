import Diagnostics
import Values

/// A YAML node with the place it was written. Mappings keep their order; scalars keep their
/// style, so later layers can tell `mode: 0644` (plain, ambiguous) from `mode: "0644"`.
public struct Node: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case scalar(Scalar)
        case sequence([Node])
        case mapping([Pair])
    }

    public var kind: Kind
    public var mark: Mark
    /// An explicit tag such as `!!str` or `!vault`, when the user wrote one.
    public var tag: String?

    public init(_ kind: Kind, mark: Mark, tag: String? = nil) {
        self.kind = kind
        self.mark = mark
        self.tag = tag
    }
}

public struct Scalar: Sendable, Hashable {
    public enum Style: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }
    public var text: String
    public var style: Style

    public init(_ text: String, style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

/// One `key: value` entry of a mapping.
public struct Pair: Sendable, Hashable {
    public var key: Node
    public var value: Node
    public init(key: Node, value: Node) {
        self.key = key
        self.value = value
    }
}

extension Node {
    public var scalar: Scalar? { if case .scalar(let s) = kind { return s } else { return nil } }
    public var sequence: [Node]? { if case .sequence(let s) = kind { return s } else { return nil } }
    public var mapping: [Pair]? { if case .mapping(let m) = kind { return m } else { return nil } }

    /// The text of a scalar node, whatever it resolves to.
    public var text: String? { scalar?.text }

    /// The value of `key` in a mapping node (keys compared as text).
    public subscript(key: String) -> Node? {
        mapping?.first { $0.key.text == key }?.value
    }

    /// What this node means for the user, in YAML 1.1 terms as Ansible users know them.
    public var kindName: String {
        switch kind {
        case .scalar: return "a scalar"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}
