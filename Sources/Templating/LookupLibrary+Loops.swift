import Diagnostics
import Values

/// `with_<name>:` loops. In Ansible `with_X: terms` is `lookup('X', terms, wantlist=True)`:
/// every lookup is a loop form, and the loop's items are exactly what the lookup returns, so
/// both are served here by the same plugins.
public enum LoopLookups {
    /// The names `with_<name>` accepts: every lookup the engine has, sorted.
    public static var names: [String] { LookupLibrary.names }

    /// Whether `with_<name>` names a lookup; `ansible.builtin.` may prefix the name.
    public static func exists(_ name: String) -> Bool {
        LookupLibrary.plugins[shortName(name)] != nil
    }

    /// The folder of a role or of the playbook's directory where `with_first_found` looks:
    /// ansible-core picks it from the task's action, `templates` for `template`, `vars` for
    /// `include_vars`, and `files` for anything else.
    public static func subdirectory(forAction action: String) -> String {
        for word in ["template", "var", "file"] where action.contains(word) { return word + "s" }
        return "files"
    }

    static func shortName(_ name: String) -> String {
        name.hasPrefix("ansible.builtin.") ? String(name.dropFirst("ansible.builtin.".count)) : name
    }

    /// The terms a lookup receives from a `with_` loop whose value rendered to `value`: a list
    /// as it is, anything else a list of itself, except a dict, which Python iterates by its
    /// keys. The lookups that take their terms whole see the dict itself, and those that insist
    /// on a list refuse it, as their ansible-core code does.
    static func terms(of value: Value, for name: String) throws(TemplateFailure) -> [Value] {
        switch value {
        case .list(let items): return items
        case .dict(let dict):
            switch name {
            case "dict", "nested", "together": return [value]
            case "list", "indexed_items": throw TemplateFailure(.typeError, "with_\(name) expects a list", at: 0)
            default: return dict.keys.map(Value.string)
            }
        default: return [value]
        }
    }
}

extension TemplateEngine {
    /// The items of a `with_<name>:` loop: the lookup `name` run over the loop's rendered
    /// value, always as a list (`wantlist=True`). `subdirectory` is where `first_found` looks
    /// (see `LoopLookups.subdirectory(forAction:)`); relative paths are searched as inside a
    /// template of the same task, from the `role_path` and `playbook_dir` the context holds.
    public func loopItems(
        lookup name: String, over value: Value, subdirectory: String = "files", at mark: Mark,
        context: TemplateContext
    ) throws(TemplateError) -> [Value] {
        let interpreter = Interpreter(context: context, regexCache: regexCache, limits: limits)
        do throws(TemplateFailure) {
            let (pluginName, plugin) = try LookupLibrary.plugin(named: name, at: 0, limits: limits)
            var call = LookupCall(
                name: pluginName, terms: try LoopLookups.terms(of: value, for: pluginName), keywords: ValueDict(),
                offset: 0, interpreter: interpreter)
            call.subdirectory = subdirectory
            call.caller = "with_\(name)"
            return try plugin(call)
        } catch {
            throw error.located(in: SourceText(""), base: mark)
        }
    }
}
