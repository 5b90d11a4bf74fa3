import Diagnostics
import Inventory
import PlaybookModel
import Reporting
import Values

#if canImport(Glibc)
    import Glibc
#endif

/// One `playbook` invocation: load and validate everything first (no host is touched by a
/// broken playbook), then list, check syntax, or run, and turn the outcome into an exit status.
public enum Runner {
    public static func run(_ options: RunOptions) -> ExitStatus {
        let printer = DiagnosticPrinter.forStandardError()
        let loaded: LoadedRun
        do {
            loaded = try LoadedRun.load(options)
        } catch {
            writeError(printer.render(error.diagnostics))
            return .inputError
        }
        for warning in loaded.warnings {
            writeError(printer.render(warning))
        }
        if options.syntaxCheck {
            for playbook in loaded.playbooks { print("\nplaybook: \(playbook.path)") }
            return .success
        }
        if !options.listings.isEmpty {
            do {
                print(try Listing(loaded: loaded).render(options.listings, options: options), terminator: "")
                return .success
            } catch {
                writeError(printer.render(error))
                return .inputError
            }
        }
        if let start = options.startAtTask, let problem = missingStartTask(start, in: loaded) {
            writeError(problem)
            return .usageError
        }
        return execute(loaded, options: options)
    }

    /// `--start-at-task` naming no task of the playbooks would run nothing at all; say so
    /// before touching a host. Tasks of dynamic includes cannot be found, as in Ansible.
    private static func missingStartTask(_ name: String, in loaded: LoadedRun) -> String? {
        let tasks = loaded.playbooks.flatMap { $0.plays.flatMap(\.allTasks) }
        if tasks.contains(where: { $0.name == name || $0.displayName == name }) { return nil }
        var text = "error: --start-at-task: no task is named '\(name)' (only tasks of static imports can be found)\n"
        if let hint = Suggestion.didYouMean(name, in: tasks.compactMap(\.name)) { text += "  = hint: \(hint)\n" }
        return text
    }

    private static func execute(_ loaded: LoadedRun, options: RunOptions) -> ExitStatus {
        let reporters = ReporterSetup(options: options)
        let first = PlaybookRun(loaded: loaded, options: options, reporter: reporters.reporter)
        SignalHandling.install { first.shared.interrupted = true; reporters.flush() }
        var status = first.execute()
        if options.verifyIdempotence, !first.shared.interrupted, status == .success {
            var again = options
            again.verifyIdempotence = false
            let changes = IdempotenceCheck()
            let second = PlaybookRun(
                loaded: loaded, options: again, reporter: MultiReporter([reporters.reporter, changes]))
            // The second pass has its own run state: a signal must stop it too.
            SignalHandling.install {
                first.shared.interrupted = true
                second.shared.interrupted = true
                reporters.flush()
            }
            if first.shared.interrupted { second.shared.interrupted = true }
            status = second.execute()
            if !changes.changedTasks.isEmpty {
                writeError(changes.report())
                status.insert(.notIdempotent)
            }
        }
        reporters.finish()
        if let timing = reporters.timing, options.outputStyle != .json {
            print(timing.render(connectTimes: first.connectTimes), terminator: "")
        }
        if first.shared.interrupted { return .interrupted }
        return status
    }

    /// An error that no layer turned into an outcome reached the top: a bug of ours, not the
    /// user's input nor a host's doing. Says so on standard error and gives the exit status for it.
    public static func internalFailure(_ error: any Error) -> ExitStatus {
        writeError(internalFailureMessage(error))
        return .internalError
    }

    static func internalFailureMessage(_ error: any Error) -> String {
        "playbook: internal error: \(String(reflecting: type(of: error))): \(error)\n"
            + "This is a bug in playbook, not in the playbook or inventory; please report it with the command line that caused it.\n"
    }

    /// Writes to standard error without stdio, so it is safe from any thread.
    public static func writeError(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { return }
            offset += written
        }
    }
}

/// Everything loaded and validated before a run starts.
struct LoadedRun {
    var inventory: Inventory
    var playbooks: [Playbook]
    var extraVars: ValueDict
    var warnings: [Diagnostic]

    static func load(_ options: RunOptions) throws(DiagnosticList) -> LoadedRun {
        var problems: [Diagnostic] = []
        var playbooks: [Playbook] = []
        for path in options.playbooks {
            do {
                playbooks.append(try PlaybookLoader.load(path: path, options: .fromEnvironment()))
            } catch {
                problems += error.diagnostics
            }
        }
        var extraVars = ValueDict()
        do {
            extraVars = try ExtraVars.parse(options.extraVars)
        } catch {
            problems += error.diagnostics
        }
        var inventory: Inventory?
        do {
            let directories = playbooks.map(\.directory)
            inventory = try Inventory.load(sources: InventorySources.resolve(options.inventories), extraVarsDirectories: directories)
        } catch {
            problems += error.diagnostics
        }
        let errors = problems.filter { $0.severity == .error }
        guard errors.isEmpty, let inventory else { throw DiagnosticList(problems) }
        return LoadedRun(
            inventory: inventory, playbooks: playbooks, extraVars: extraVars,
            warnings: problems + playbooks.flatMap(\.warnings))
    }
}

/// Where the inventory comes from when `-i` is not given: Ansible's default file, if present.
enum InventorySources {
    static func resolve(_ given: [String]) -> [String] {
        if !given.isEmpty { return given }
        if let env = Environment.get("ANSIBLE_INVENTORY"), !env.isEmpty {
            return env.split(separator: ",").map(String.init)
        }
        return access("/etc/ansible/hosts", R_OK) == 0 ? ["/etc/ansible/hosts"] : []
    }
}
