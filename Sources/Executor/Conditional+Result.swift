import PlaybookModel
import Values

extension Conditional {
    /// The condition as a skipped result's `false_condition` shows it: as written, so a YAML
    /// boolean (`when: false`, loaded as the expression `False`) stays the boolean Ansible
    /// prints, and any other condition its text.
    var resultValue: Value {
        expression == "False" ? .bool(false) : .string(expression)
    }
}
