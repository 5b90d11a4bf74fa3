import Transport
import Values

/// A module whose whole work happens in its remote program (`file`, `stat`, `ping`, `setup`):
/// the arguments become shell variables, the program's result is the module's result.
public struct ProgramModule: Module {
    public let spec: ModuleSpec
    /// The file name of the program in `modules/`, without `.sh`.
    public let programName: String

    public init(spec: ModuleSpec, programName: String) {
        self.spec = spec
        self.programName = programName
    }

    public func run(_ arguments: ValueDict, context: ModuleContext, on connection: Connection) throws(TransportError)
        -> ModuleResult
    {
        if context.checkMode && !spec.supportsCheckMode {
            return ModuleResult(skipped: true, message: "remote module (\(spec.name)) does not support check mode")
        }
        guard let body = ModulePrograms.source(named: programName) else {
            return .failure(ModuleProgramError.missingProgram(programName).description)
        }
        var program = ModuleProgram(
            moduleName: spec.name, body: body, checkMode: context.checkMode, diff: context.diff)
        do {
            try program.set(arguments: arguments)
            try ProgramModule.defineModes(arguments, spec: spec, in: &program)
        } catch {
            return .failure(error.description)
        }
        return try RemoteRun.run(program, context: context, on: connection)
    }

    /// Every given mode argument becomes its `pb_mode_<name>` function.
    static func defineModes(_ arguments: ValueDict, spec: ModuleSpec, in program: inout ModuleProgram)
        throws(ModuleProgramError)
    {
        for argument in spec.arguments where argument.type == .mode {
            guard case .string(let text)? = arguments[argument.name] else { continue }
            guard let mode = FileMode(parsing: text) else { throw .invalidMode(argument: argument.name, text) }
            program.defineMode(argument.name, mode)
        }
    }
}

/// A module the executor carries out on the controller (`debug`, `set_fact`, `assert`, `fail`,
/// `meta`): only its spec lives here, for validation and documentation.
public struct ControllerModule: Module {
    public let spec: ModuleSpec

    public init(spec: ModuleSpec) {
        self.spec = spec
    }

    /// Never called for a well-behaved executor; answers with a failure naming the mix-up.
    public func run(_ arguments: ValueDict, context: ModuleContext, on connection: Connection) throws(TransportError)
        -> ModuleResult
    {
        .failure("module '\(spec.name)' runs on the controller and has no program to run on \(connection.hostName)")
    }
}
