import Transport
import Values

/// `command` and `shell`: one program with its arguments, or one shell command line.
///
/// `command` splits its command line here, on the controller, the way Ansible does (Python's
/// shlex), and sends the words quoted one by one: the target runs them with no shell in between.
public struct CommandModule: Module {
    public let spec: ModuleSpec
    public let usesShell: Bool

    public init(spec: ModuleSpec, usesShell: Bool) {
        self.spec = spec
        self.usesShell = usesShell
    }

    public func run(_ arguments: ValueDict, context: ModuleContext, on connection: Connection) throws(TransportError)
        -> ModuleResult
    {
        guard let body = ModulePrograms.source(named: "command") else {
            return .failure(ModuleProgramError.missingProgram("command").description)
        }
        var program = ModuleProgram(moduleName: spec.name, body: body, checkMode: context.checkMode, diff: context.diff)
        let commandLine = (arguments["_raw_params"] ?? arguments["cmd"])?.stringValue
        let shown: Value
        var argv: [String] = []
        do {
            for name in ["chdir", "creates", "removes", "stdin", "stdin_add_newline", "executable", "expand_argument_vars"] {
                if let value = arguments[name] { try program.set(name, value) }
            }
            if usesShell {
                guard let commandLine, !commandLine.trimmingSpaces().isEmpty else {
                    return .failure("no command given")
                }
                try program.set("script", .string(commandLine))
                shown = .string(commandLine)
            } else {
                let words: [String]
                if let argv = arguments["argv"]?.listValue {
                    words = argv.map { $0.stringValue ?? "" }
                } else {
                    do {
                        words = try ShellWords.split(commandLine ?? "")
                    } catch {
                        return .failure("cannot split the command line: a \(error.quote) quote is not closed")
                    }
                }
                guard !words.isEmpty else { return .failure("no command given") }
                // cmd_run ends in `env`, which runs real programs only, as Ansible's exec does:
                // `cd`, `exit` or a function name are not commands here.
                try program.defineCommand("pb_cmd", words: [[.text("cmd_run")]] + words.map { [.text($0)] })
                shown = .list(words.map { .string($0) })
                argv = words
            }
        } catch {
            return .failure(error.description)
        }
        switch try RemoteRun.execute(program, context: context, on: connection) {
        case .failure(let failed):
            return failed.result
        case .success(let reply):
            if let errno = reply.values["__exec_errno"]?.intValue {
                return CommandModule.notStarted(argv, errno: errno, context: context)
            }
            return result(reply, command: shown, stripEnds: arguments["strip_empty_ends"]?.boolValue ?? true, context: context)
        }
    }

    private func result(_ reply: ModuleReply, command: Value, stripEnds: Bool, context: ModuleContext) -> ModuleResult {
        var values = reply.values
        // A command that did not run (creates/removes, check mode) still has Ansible's whole
        // result: its cmd, empty streams and null times.
        let ranOrDecided = values["rc"] != nil
        if reply.blobs["stdout"] != nil || reply.changed || reply.failed || ranOrDecided {
            values["cmd"] = command
        }
        for stream in ["stdout", "stderr"] {
            let text: String
            if let decoded = reply.text(stream, trimmingNewline: false) {
                text = stripEnds ? decoded.trimmingTrailingNewlines() : decoded
            } else if let given = values[stream]?.stringValue {
                text = given
            } else if ranOrDecided {
                text = ""
            } else {
                continue
            }
            values[stream] = .string(text)
            values["\(stream)_lines"] = .list(text.splitLines().map { .string($0) })
        }
        if case .int(let start)? = values["__started_ns"], case .int(let end)? = values["__ended_ns"] {
            values["delta"] = .string(CommandModule.formatDelta(nanoseconds: max(0, end - start)))
        }
        values["__started_ns"] = nil
        values["__ended_ns"] = nil
        if ranOrDecided {
            for key in ["delta", "start", "end"] where values[key] == nil { values[key] = .null }
        }
        let result = ModuleResult(
            changed: reply.changed, failed: reply.failed, skipped: reply.skipped, message: reply.message, values: values)
        return SecretMask.apply(context.secrets, to: result)
    }

    /// Python's `str(timedelta)`: `0:00:00.002345`.
    static func formatDelta(nanoseconds: Int) -> String {
        let micro = nanoseconds / 1000
        let seconds = micro / 1_000_000
        let fraction = String(micro % 1_000_000)
        let minutes = String(seconds / 60 % 60)
        let secs = String(seconds % 60)
        func pad(_ text: String, _ width: Int) -> String { String(repeating: "0", count: max(0, width - text.count)) + text }
        return "\(seconds / 3600):\(pad(minutes, 2)):\(pad(secs, 2)).\(pad(fraction, 6))"
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = Substring(self)
        while let last = text.last, last == "\n" || last == "\r" || last == "\r\n" { text = text.dropLast() }
        return String(text)
    }

    /// Python's `splitlines()` for the common line ends.
    func splitLines() -> [String] {
        if isEmpty { return [] }
        var lines = split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        if hasSuffix("\n") { lines.removeLast() }
        return lines
    }
}
