import Transport
import Values

/// A program module whose result carries `msg` only when the program set one, as Ansible's
/// getent, cron, hostname, dpkg_selections, service_facts and package_facts return none on
/// success (the shared result protocol always prints the field).
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
        return result
    }
}
