import Diagnostics
import Templating
import Values
import YAML

/// The state of one load: every problem found so far (all files, all plays), the chain of
/// files being imported (to stop cycles), and what roles are available.
///
/// One session serves one call of `PlaybookLoader`; it lives on one thread and is discarded
/// afterwards, so it is a class only to share that state between the parsing helpers.
final class LoadSession {
    let options: LoadOptions
    let playbookDirectory: String
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var warnings: [Diagnostic] = []
    /// Canonical paths of the files being loaded, outermost first.
    private var fileStack: [String] = []
    /// Roles of the current play already run, so each runs once.
    var invokedRoles = Set<RoleUse>()
    /// The current play's `module_defaults`, which reach the tasks of the roles it invokes.
    var playModuleDefaults: Located<Value>?
    /// Handlers of the roles of the current play.
    var roleHandlers: [Task] = []
    let modules: ModuleCatalog
    /// Checks template syntax. One engine per load rather than per process: its cache dedupes
    /// the strings a playbook repeats and is freed with the session, so loading many playbooks
    /// in one process (a test suite, a fuzzer) does not keep every string ever compiled.
    let templates = TemplateEngine()

    init(options: LoadOptions, playbookDirectory: String) {
        self.options = options
        self.playbookDirectory = playbookDirectory
        self.modules = ModuleCatalog(directories: options.userModuleDirectories)
    }

    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    func report(_ diagnostic: Diagnostic) {
        if diagnostic.severity == .error {
            diagnostics.append(diagnostic)
        } else {
            warnings.append(diagnostic)
        }
    }

    func report(_ diagnostics: [Diagnostic]) {
        diagnostics.forEach(report)
    }

    func error(_ kind: Diagnostic.Kind, _ message: String, at mark: Mark?, hint: String? = nil) {
        report(.error(kind, message, at: mark, hint: hint))
    }

    func warning(_ message: String, at mark: Mark?, hint: String? = nil) {
        report(Diagnostic(.warning, kind: .other, message, at: mark, hint: hint))
    }

    /// Parses a YAML file, reporting a missing file at `mark` (the statement that asked for it)
    /// and syntax errors at their place. `nil` when the file could not be read or is empty.
    func loadYAML(_ path: String, requestedAt mark: Mark?, what: String) -> Node? {
        guard FilePaths.isFile(path) else {
            error(.io, "could not find \(what) '\(path)'", at: mark)
            return nil
        }
        do {
            return try YAMLLoader.loadFile(path)
        } catch {
            report(error.diagnostics)
            return nil
        }
    }

    /// Runs `body` with `path` on the import chain, unless that would form a cycle or nest
    /// deeper than allowed — then reports it at `mark` (a cycle only if `cycleIsError`) and
    /// returns `nil`.
    func withFile<T>(_ path: String, importedAt mark: Mark?, cycleIsError: Bool = true, _ body: () -> T) -> T? {
        let canonical = FilePaths.canonical(path)
        if let start = fileStack.firstIndex(of: canonical) {
            guard cycleIsError else { return nil }
            let chain = (fileStack[start...] + [canonical]).map(FilePaths.lastComponent).joined(separator: " -> ")
            error(
                .limit, "import cycle: \(chain)", at: mark,
                hint: "use include_tasks with a condition to recurse on purpose")
            return nil
        }
        guard fileStack.count < options.maxNesting else {
            error(.limit, "imports nest deeper than \(options.maxNesting) levels", at: mark)
            return nil
        }
        fileStack.append(canonical)
        defer { fileStack.removeLast() }
        return body()
    }
}
