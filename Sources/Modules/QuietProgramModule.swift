import Transport
import Values

/// A program module whose result carries `msg` only when the program set one, as Ansible's
/// user, group, getent, cron, hostname, dpkg_selections, service_facts and package_facts return
/// none on success (the shared result protocol always prints the field).
public struct QuietProgramModule: Module {
    public let program: ProgramModule
    public var spec: ModuleSpec { program.spec }

    public init(spec: ModuleSpec, programName: String) {
        program = ProgramModule(spec: spec, programName: programName)
    }

    public func run(_ arguments: ValueDict, context: ModuleContext, on connection: Connection) throws(TransportError)
        -> ModuleResult
    {
        var result = try program.run(arguments, context: context, on: connection)
        if result.message == nil, result.values["msg"]?.stringValue == "" { result.values["msg"] = nil }
        // Ansible splits any module's stdout and stderr into lines for it (user's useradd output).
        for stream in ["stdout", "stderr"] {
            guard case .string(let text)? = result.values[stream], result.values[stream + "_lines"] == nil else { continue }
            result.values[stream + "_lines"] = .list(text.splitLines().map { .string($0) })
        }
        return result
    }
}
