import Transport
import Values

/// `systemd` (and `service` on systemd hosts): one program for both; `service`'s compatibility
/// arguments (`sleep`, `pattern`, `arguments`, `runlevel`, `use`) have no meaning there.
///
/// In check mode the packages earlier tasks would install travel to the program, so a unit that
/// only such a package would bring is reported as "would start" rather than as missing.
public struct SystemdModule: Module {
    public let spec: ModuleSpec
    static let programArguments = [
        "name", "state", "enabled", "force", "masked", "daemon_reload", "daemon_reexec", "scope", "no_block",
    ]

    public init(spec: ModuleSpec) {
        self.spec = spec
    }

    public func run(_ arguments: ValueDict, context: ModuleContext, on connection: Connection) throws(TransportError)
        -> ModuleResult
    {
        guard let body = ModulePrograms.source(named: "systemd") else {
            return .failure(ModuleProgramError.missingProgram("systemd").description)
        }
        var program = ModuleProgram(moduleName: spec.name, body: body, checkMode: context.checkMode, diff: context.diff)
        do {
            for name in SystemdModule.programArguments {
                if let value = arguments[name] { try program.set(name, value) }
            }
            for (name, fallback) in [("daemon_reload", false), ("daemon_reexec", false), ("no_block", false)]
            where arguments[name] == nil {
                try program.set(name, .bool(fallback))
            }
            if context.checkMode, !context.predictedPackages.isEmpty {
                try program.set("predicted", .list(context.predictedPackages.sorted().map { .string($0) }))
            }
        } catch {
            return .failure(error.description)
        }
        return try RemoteRun.run(program, context: context, on: connection)
    }
}
