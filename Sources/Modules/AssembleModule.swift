import Transport
import Values

/// `assemble`: all work happens in `modules/assemble.sh`; here `validate` becomes the program's
/// `pb_validate` command (split like Ansible splits it) instead of a plain variable.
public struct AssembleModule: Module {
    public let spec = ModuleSpec.assemble
    /// Arguments the program does not read.
    static let skippedArguments: Set<String> = ["validate", "unsafe_writes", "decrypt"]

    public init() {}

    public func run(_ arguments: ValueDict, context: ModuleContext, on connection: Connection) throws(TransportError)
        -> ModuleResult
    {
        // Ansible's assemble action refuses check mode before it looks at anything.
        if context.checkMode, let message = spec.checkModeSkipMessage {
            return ModuleResult(skipped: true, message: message)
        }
        guard let body = ModulePrograms.source(named: "assemble") else {
            return .failure(ModuleProgramError.missingProgram("assemble").description)
        }
        var program = ModuleProgram(moduleName: spec.name, body: body, checkMode: context.checkMode, diff: context.diff)
        do {
            try program.setCheckedFileArguments(arguments, skipping: Self.skippedArguments, spec: spec)
        } catch {
            return .failure(error.description)
        }
        return try RemoteRun.run(program, context: context, on: connection)
    }
}
