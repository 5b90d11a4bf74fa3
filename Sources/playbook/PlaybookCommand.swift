import ArgumentParser
import Executor
import Modules
import Transport

#if canImport(Glibc)
    import Glibc
#endif

/// `playbook [options] PLAYBOOK...` — Ansible's flag letters, our exit codes.
@main
struct PlaybookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playbook",
        abstract: "Run Ansible-style playbooks over SSH, many hosts at once.",
        discussion: """
            Exit codes: 0 success; 2 a host failed; 4 a host was unreachable; 8 a play was aborted;
            16 --verify-idempotence found changes (the host codes combine as bits);
            64 bad usage; 65 a playbook, inventory or variable file is invalid; 70 internal error;
            130 interrupted.
            """,
        version: PlaybookVersion.current)

    @OptionGroup var selection: SelectionOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var privilege: PrivilegeOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "Playbook files to run, in order.")
    var playbooks: [String] = []

    @Flag(name: .customLong("module-reference"), help: "Print the reference of every module (Markdown) and exit.")
    var moduleReference = false

    func validate() throws {
        guard !playbooks.isEmpty || moduleReference else {
            throw ValidationError("give at least one playbook, e.g. `playbook site.yml -i inventory/hosts.ini`")
        }
        guard selection.forks >= 1 else { throw ValidationError("--forks must be at least 1") }
    }

    func run() throws {
        if moduleReference {
            print(ModuleReference.markdown(), terminator: "")
            return
        }
        var options = RunOptions()
        options.playbooks = playbooks
        selection.apply(to: &options)
        try connection.apply(to: &options)
        try privilege.apply(to: &options)
        output.apply(to: &options)
        let status = Runner.run(options)
        throw ExitCode(status.code)
    }

    /// Bad flags get their own exit code (64), distinct from every host outcome; an error no
    /// layer turned into an outcome is a bug of ours and exits 70 (internal error), never as if
    /// the flags were wrong.
    static func main() {
        // Before any host thread allocates: one thread per host would otherwise get its own arena.
        MallocArenas.limit()
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            usageFailure(error)
        }
        do {
            try command.run()
        } catch let exit as ExitCode {
            terminate(exit.rawValue)
        } catch {
            // The parser's own outcomes keep their meaning: `--help` (its command's run throws to
            // print the help), flags whose values are only checked when applied
            // (--host-key-checking, -k without a terminal). Any other error is ours.
            if exitCode(for: error) == .failure { terminate(Runner.internalFailure(error).code) }
            usageFailure(error)
        }
    }

    private static func usageFailure(_ error: any Error) -> Never {
        let code = exitCode(for: error)
        if code == .success {
            print(fullMessage(for: error))
            terminate(0)
        }
        // The parser's message already ends with the usage line and a pointer to --help.
        let message = fullMessage(for: error)
        Runner.writeError(message + "\n")
        if !message.contains("--help") { Runner.writeError("See 'playbook --help' for more information.\n") }
        terminate(ExitStatus.usageError.code)
    }
}

/// Ends the process; `exit` flushes what `print` buffered.
func terminate(_ code: Int32) -> Never {
    exit(code)
}
