import Transport
import Values

/// `raw`: the command line is the whole program the target's shell runs — no helpers, no
/// result protocol — so it works where nothing else can (a host without the usual tools yet).
/// Its exit status and both outputs are the result.
public struct RawModule: Module {
    public let spec = ModuleSpec.raw

    public init() {}

    public func run(_ arguments: ValueDict, context: ModuleContext, on connection: Connection) throws(TransportError)
        -> ModuleResult
    {
        guard let command = arguments["_raw_params"]?.stringValue, !command.trimmingSpaces().isEmpty else {
            return .failure("no command given")
        }
        guard !command.utf8.contains(0) else { return .failure("the command contains a NUL byte") }
        let program = RawModule.program(command, executable: arguments["executable"]?.stringValue)
        let request = RunRequest(
            program: program, become: context.become, timeoutSeconds: context.timeoutSeconds,
            carriesSecrets: SecretForms.appear(context.secrets, in: program))
        let output = try connection.run(request)
        return SecretMask.apply(context.secrets, to: RawModule.result(output))
    }

    /// The command as given, or handed to `executable -c` as one quoted word.
    static func program(_ command: String, executable: String?) -> String {
        guard let executable, !executable.isEmpty else { return command }
        return "\(ShellQuote.quote(executable)) -c \(ShellQuote.quote(command))"
    }

    /// Ansible's raw result: always changed, outputs untrimmed, a non-zero status fails.
    static func result(_ output: CommandOutput) -> ModuleResult {
        var values = ValueDict()
        values["failed"] = .bool(false)
        let rc: Int
        switch output.termination {
        case .exited(let code): rc = Int(code)
        case .signaled: rc = -1
        }
        values["rc"] = .int(rc)
        for (name, text) in [("stdout", output.stdoutText), ("stderr", output.stderrText)] {
            values[name] = .string(text)
            values["\(name)_lines"] = .list(text.splitLines().map { .string($0) })
        }
        guard rc == 0 else {
            var message = "non-zero return code"
            if case .signaled(let signal) = output.termination { message = "the command was killed by signal \(signal)" }
            return ModuleResult(changed: true, failed: true, message: message, values: values)
        }
        return ModuleResult(changed: true, values: values)
    }
}
