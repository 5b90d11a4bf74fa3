import Diagnostics
import PlaybookModel
import Templating
import Values

/// `module_defaults:` applied to one task: the arguments every level (play, block, role, task)
/// gives the task's module, which the task's own arguments then override.
///
/// As Ansible does: the levels are merged outermost first, an inner level's entry for a module
/// replacing an outer one's whole; each applying entry is templated with the task's variables.
/// A module is named bare (`copy`) or by its `ansible.builtin.` / `ansible.legacy.` name, on
/// either side. `group/…` entries name action groups, which only collections define (ansible-core
/// has none for its builtin modules): no module here belongs to one, so they never apply.
enum ModuleDefaults {
    static func arguments(
        for module: String, canonicalName: String, defaults: Located<Value>?, scope: VariableScope
    ) throws(TemplateError) -> ValueDict {
        guard let defaults else { return ValueDict() }
        var merged = ValueDict()
        for level in levels(defaults.value) {
            var level = level
            if case .string = level { level = try scope.render(level, at: defaults.mark) }
            guard case .dict(let entries) = level else {
                throw TemplateError(
                    kind: .typeError,
                    diagnostic: .error(
                        .wrongType, "'module_defaults' must be a mapping of module names to arguments",
                        at: defaults.mark))
            }
            // `file`, `ansible.builtin.file` and `ansible.legacy.file` are one entry: the inner wins.
            for (name, arguments) in entries { merged[short(name)] = arguments }
        }
        let names: Set<String> = [short(module), short(canonicalName)]
        var out = ValueDict()
        for (name, arguments) in merged where names.contains(name) {
            out.merge(try dictionary(arguments, scope: scope, mark: defaults.mark))
        }
        return out
    }

    private static func levels(_ value: Value) -> [Value] {
        if case .list(let entries) = value { return entries }
        return [value]
    }

    /// One module's defaults, templated: a mapping of argument names to values.
    private static func dictionary(_ value: Value, scope: VariableScope, mark: Mark) throws(TemplateError) -> ValueDict {
        if value == .null { return ValueDict() }
        guard case .dict(let arguments) = try scope.render(value, at: mark) else {
            throw TemplateError(
                kind: .typeError,
                diagnostic: .error(.wrongType, "a 'module_defaults' entry must be a mapping of arguments", at: mark))
        }
        return arguments
    }

    private static func short(_ name: String) -> String {
        for prefix in ["ansible.builtin.", "ansible.legacy."] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }
}
