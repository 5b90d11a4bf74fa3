#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Transport
import Values

/// `setup` (and `gather_facts`): the program gathers every fact it knows in one pass (cheaper
/// than deciding per subset); `filter` globs then keep only the facts asked for.
public struct SetupModule: Module {
    public let spec = ModuleSpec.setup

    public init() {}

    public func run(_ arguments: ValueDict, context: ModuleContext, on connection: Connection) throws(TransportError)
        -> ModuleResult
    {
        guard let body = ModulePrograms.source(named: "setup") else {
            return .failure(ModuleProgramError.missingProgram("setup").description)
        }
        // Gathering facts changes nothing, so it runs in check mode too.
        var readOnly = context
        readOnly.checkMode = false
        let program = ModuleProgram(moduleName: spec.name, body: body, checkMode: false, diff: false)
        var result = try RemoteRun.run(program, context: readOnly, on: connection)
        // What was asked for and that this module answered, as Ansible's facts say; its
        // `filter` applies to them as to every other fact.
        if case .dict(var facts)? = result.values["ansible_facts"] {
            let subset = arguments["gather_subset"]?.listValue.map { Value.list($0) } ?? .list(["all"])
            facts["ansible_gather_subset"] = subset
            facts["ansible_module_setup"] = true
            result.values["ansible_facts"] = .dict(facts)
        }
        let patterns = (arguments["filter"]?.listValue ?? []).compactMap(\.stringValue).filter { !$0.isEmpty }
        if !patterns.isEmpty, case .dict(let facts)? = result.values["ansible_facts"] {
            let kept = facts.filter { fact in
                patterns.contains { SetupModule.matches($0, fact.key) || SetupModule.matches("ansible_" + $0, fact.key) }
            }
            result.values["ansible_facts"] = .dict(ValueDict(kept.map { ($0.key, $0.value) }))
        }
        return result
    }

    static func matches(_ pattern: String, _ name: String) -> Bool {
        fnmatch(pattern, name, 0) == 0
    }
}
