import Diagnostics
import YAML

/// One module argument as the user wrote it, before templating: `name: nginx` in a task's
/// module mapping, or `name=nginx` in its free-form string. The marks let validation point at
/// the misspelled name or the badly typed value.
public struct ArgumentNode: Sendable {
    public var name: String
    public var nameMark: Mark
    public var value: Node

    public init(name: String, nameMark: Mark, value: Node) {
        self.name = name
        self.nameMark = nameMark
        self.value = value
    }
}

extension Node {
    /// Whether a scalar is left for templating to decide: its type is only known afterwards.
    var isTemplated: Bool {
        guard let text else { return false }
        return text.contains("{{") || text.contains("{%")
    }

    /// A plain scalar YAML reads as null (`name:`, `name: ~`, `name: null`).
    var isNullScalar: Bool {
        guard let scalar, scalar.style == .plain, tag == nil else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.text)
    }
}
