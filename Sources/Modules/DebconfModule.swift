import Transport
import Values

/// `debconf`: the answer's text is decided here, where its YAML type is still known: a boolean
/// becomes `true`/`false` (as debconf writes it), a `multiselect` list becomes `a, b` (sorted) and is
/// compared in any order, as Ansible does.
public struct DebconfModule: Module {
    public let spec = ModuleSpec.debconf

    public init() {}

    public func run(_ arguments: ValueDict, context: ModuleContext, on connection: Connection) throws(TransportError)
        -> ModuleResult
    {
        guard let body = ModulePrograms.source(named: "debconf") else {
            return .failure(ModuleProgramError.missingProgram("debconf").description)
        }
        var program = ModuleProgram(moduleName: spec.name, body: body, checkMode: context.checkMode, diff: context.diff)
        do {
            for name in ["name", "question", "vtype", "unseen"] {
                if let value = arguments[name] { try program.set(name, value) }
            }
            if let value = arguments["value"], value != .null {
                let vtype = arguments["vtype"]?.stringValue
                let answer = DebconfModule.answer(value, vtype: vtype)
                try program.set("value", .string(answer.text))
                try program.set("value_is_list", .bool(answer.isList))
            }
        } catch {
            return .failure(error.description)
        }
        var result = try RemoteRun.run(program, context: context, on: connection)
        result = SecretMask.apply(context.secrets, to: result)
        return result
    }

    /// The answer as debconf-set-selections takes it, and whether it came as a list.
    static func answer(_ value: Value, vtype: String?) -> (text: String, isList: Bool) {
        switch value {
        case .list(let items) where vtype == "multiselect":
            // Sorted by code point, as Ansible sorts the list before joining it.
            let sorted = items.map(DebconfModule.text).sorted {
                $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars)
            }
            return (sorted.joined(separator: ", "), true)
        case .bool(let flag):
            return (vtype == "boolean" ? (flag ? "true" : "false") : (flag ? "True" : "False"), false)
        default:
            let text = DebconfModule.text(value)
            return (vtype == "boolean" ? text.lowercased() : text, false)
        }
    }

    /// A scalar as Python's str() writes it; lists and dicts as JSON.
    static func text(_ value: Value) -> String {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return JSON.format(double: d)
        case .bool(let b): return b ? "True" : "False"
        case .null: return ""
        case .list, .dict: return JSON.serialize(value, ensureASCII: false)
        }
    }
}
