import Transport
import Values

/// Runs a rendered module program on a host and turns what came back into a result.
enum RemoteRun {
    /// The program's reply, or a failed result when the program could not be rendered or
    /// ended without printing its result (shown with its stderr, as Ansible's MODULE FAILURE).
    static func execute(_ program: ModuleProgram, context: ModuleContext, on connection: Connection)
        throws(TransportError) -> Result<ModuleReply, FailedRun>
    {
        let parts: ProgramParts
        do {
            parts = try program.renderForRun()
        } catch {
            return .failure(FailedRun(result: .failure(error.description)))
        }
        // Secrets reach a program only through the run's own lines: the library and the module's
        // body are the project's text.
        let request = RunRequest(
            parts: parts, become: context.become, timeoutSeconds: context.timeoutSeconds,
            carriesSecrets: SecretForms.appear(context.secrets, in: parts.beforeBody),
            librariesCanBeFunctions: true)
        let output = try connection.run(request)
        if let reply = ModuleReply.parse(output, marker: program.marker) {
            return .success(reply)
        }
        return .failure(FailedRun(result: moduleFailure(output, module: program.moduleName, context: context)))
    }

    struct FailedRun: Error {
        var result: ModuleResult
    }

    static func moduleFailure(_ output: CommandOutput, module: String, context: ModuleContext) -> ModuleResult {
        let stderr = output.stderrText.trimmingSpaces()
        let ending: String
        var values = ValueDict()
        switch output.termination {
        case .exited(let code):
            ending = "exited with status \(code)"
            values["rc"] = .int(Int(code))
        case .signaled(let signal):
            ending = "was killed by signal \(signal)"
        }
        let lastLines = stderr.split(separator: "\n").suffix(5).joined(separator: "\n")
        var message = "MODULE FAILURE: the \(module) program \(ending) without printing its result"
        if !lastLines.isEmpty { message += ": " + lastLines }
        values["module_stdout"] = .string(output.stdoutText)
        values["module_stderr"] = .string(output.stderrText)
        let result = ModuleResult(failed: true, message: message, values: values)
        return SecretMask.apply(context.secrets, to: result)
    }

    /// The generic result: every field the program returned, byte fields decoded as text.
    static func result(from reply: ModuleReply, context: ModuleContext, predictedPackages: Set<String> = [])
        -> ModuleResult
    {
        var values = reply.values
        for key in reply.blobs.keys.sorted() {
            values[key] = .string(reply.text(key) ?? "")
        }
        let result = ModuleResult(
            changed: reply.changed, failed: reply.failed, skipped: reply.skipped, message: reply.message,
            values: values, predictedPackages: predictedPackages)
        return SecretMask.apply(context.secrets, to: result)
    }

    /// Renders, runs and reports in the generic way; for modules with no controller-side work.
    static func run(_ program: ModuleProgram, context: ModuleContext, on connection: Connection)
        throws(TransportError) -> ModuleResult
    {
        switch try execute(program, context: context, on: connection) {
        case .success(let reply): return result(from: reply, context: context)
        case .failure(let failed): return failed.result
        }
    }
}
