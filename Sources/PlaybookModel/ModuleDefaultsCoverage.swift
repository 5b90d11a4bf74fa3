import Diagnostics
import Modules
import Values
import YAML

/// Which arguments of one module the enclosing `module_defaults` supply, as far as the loader
/// can tell: a module's required arguments may come from there instead of the task.
///
/// Entries are matched as the executor applies them: by the module's bare name or its
/// `ansible.builtin.` / `ansible.legacy.` name. A level or an entry written as a template is
/// only known at run time, which makes the coverage unknown.
struct ModuleDefaultsCoverage {
    /// Canonical names of the module's arguments the defaults give.
    private(set) var names: [String] = []
    /// Some level or entry is a template: any argument may come from it.
    private(set) var isUnknown = false

    init(_ defaults: Located<Value>?, module: String, spec: ModuleSpec) {
        guard let defaults else { return }
        let wanted: Set<String> = [Self.short(module), Self.short(spec.name)]
        let levels: [Value]
        if case .list(let entries) = defaults.value { levels = entries } else { levels = [defaults.value] }
        for level in levels {
            guard case .dict(let entries) = level else {
                if case .string = level { isUnknown = true }
                continue
            }
            for (name, arguments) in entries where wanted.contains(Self.short(name)) {
                switch arguments {
                case .dict(let given):
                    for key in given.keys {
                        if let canonical = spec.argument(named: key)?.name, !names.contains(canonical) {
                            names.append(canonical)
                        }
                    }
                case .null:
                    break
                default:
                    isUnknown = true
                }
            }
        }
    }

    /// A value that stands for one given through `module_defaults`: templated, so only its
    /// presence is checked now.
    static func placeholder(at mark: Mark) -> Node {
        Node(.scalar(Scalar("{{ module_defaults }}", style: .plain)), mark: mark)
    }

    private static func short(_ name: String) -> String {
        for prefix in ["ansible.builtin.", "ansible.legacy."] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }
}
