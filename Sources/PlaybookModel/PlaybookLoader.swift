import Diagnostics
import Values

/// Reads playbooks, task files and roles into the model, or reports every problem found.
public enum PlaybookLoader {
    /// Loads a playbook file, expanding `import_playbook`, `import_tasks` and `import_role`
    /// and loading roles; validates keywords, module arguments, templates and notifications.
    /// Throws ALL errors found, across all files, together (warnings included).
    public static func load(path: String, options: LoadOptions = .init()) throws(DiagnosticList) -> Playbook {
        let directory = FilePaths.directory(of: path)
        var effective = options
        // The playbook's own folders come first, and are kept so run-time loads find the same.
        effective.rolesPaths = LoadSession.uniqued([FilePaths.join(directory, "roles")] + options.rolesPaths)
        effective.userModuleDirectories = LoadSession.uniqued([directory] + options.userModuleDirectories)
        let session = LoadSession(options: effective, playbookDirectory: directory)
        let plays = session.playbookFile(path, importedAt: nil)
        try session.throwIfFailed()
        return Playbook(
            path: path, directory: directory, plays: plays, warnings: LoadSession.ordered(session.warnings),
            options: effective)
    }

    /// Loads and validates a task file for `include_tasks` at run time. `path` is the
    /// resolved file (see `IncludeTasks.resolve`); `mark` is the include, for a missing file;
    /// `inheritedTags` go into every loaded task's `effectiveTags`. Pass the playbook's
    /// `options` so roles and user modules are found as at load time.
    public static func loadTasks(
        path: String, role: RoleContext?, mark: Mark, inheritedTags: [String] = [], options: LoadOptions = .init(),
        moduleDefaults: Located<Value>? = nil
    ) throws(DiagnosticList) -> [TaskItem] {
        let directory = FilePaths.directory(of: path)
        let session = LoadSession(options: options, playbookDirectory: directory)
        var searchPaths = options.rolesPaths
        if let role { searchPaths.append(FilePaths.directory(of: role.path)) }
        var scope = TaskScope(
            directory: directory, role: role, tags: inheritedTags, roleSearchPaths: LoadSession.uniqued(searchPaths))
        scope.moduleDefaults = moduleDefaults
        let items: [TaskItem]
        if FilePaths.isFile(path) {
            items = session.withFile(path, importedAt: mark) { session.taskFile(path, scope: scope, at: mark) } ?? []
        } else {
            session.error(.io, "could not find task file '\(path)'", at: mark)
            items = []
        }
        try session.throwIfFailed()
        return items
    }

    /// `loadTasks` for an `include_tasks` whose file name has been rendered: resolves it
    /// against the include's search directories and gives the tasks the tags Ansible does
    /// (the enclosing ones and `apply.tags`, not the include's own).
    public static func loadTasks(
        for include: IncludeTasks, renderedFile: String, options: LoadOptions = .init(),
        moduleDefaults: Located<Value>? = nil
    ) throws(DiagnosticList) -> [TaskItem] {
        try loadTasks(
            path: include.resolve(renderedFile), role: include.role, mark: include.file.mark,
            inheritedTags: InheritableKeywords.union(include.inheritedTags, include.apply.tags), options: options,
            moduleDefaults: moduleDefaults)
    }

    /// Loads a role for `include_role` at run time, once its name is rendered: its
    /// dependencies first, then the role itself.
    public static func loadRole(
        named name: String, for include: IncludeRole, options: LoadOptions = .init()
    ) throws(DiagnosticList) -> [RoleInvocation] {
        let session = LoadSession(options: options, playbookDirectory: FilePaths.directory(of: include.mark.file))
        let entry = RoleEntry(name: name, nameMark: include.roleName.mark, mark: include.mark)
        let files = RoleFiles(
            tasksFrom: include.tasksFrom?.value, handlersFrom: include.handlersFrom?.value,
            varsFrom: include.varsFrom?.value, defaultsFrom: include.defaultsFrom?.value)
        let invocations = session.invokeRole(
            entry, searchPaths: include.roleSearchPaths.isEmpty ? options.rolesPaths : include.roleSearchPaths,
            tags: InheritableKeywords.union(include.inheritedTags, include.apply.tags), files: files,
            deduplicate: false
        )
        try session.throwIfFailed()
        return invocations
    }
}

extension LoadSession {
    /// Throws every diagnostic (errors and warnings) when there is at least one error, in
    /// source order: by file as first met, then line and column; repeats removed (a role
    /// used by two plays is read twice but reported once).
    func throwIfFailed() throws(DiagnosticList) {
        guard !errors.isEmpty else { return }
        throw DiagnosticList(Self.ordered(diagnostics + warnings))
    }

    static func ordered(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var fileOrder: [String: Int] = [:]
        for diagnostic in diagnostics {
            if let file = diagnostic.mark?.file, fileOrder[file] == nil { fileOrder[file] = fileOrder.count }
        }
        var seen = Set<Diagnostic>()
        let unique = diagnostics.filter { seen.insert($0).inserted }
        return unique.enumerated().sorted { a, b in
            let (x, y) = (a.element.mark, b.element.mark)
            let keyX = (fileOrder[x?.file ?? ""] ?? Int.max, x?.line ?? 0, x?.column ?? 0, a.offset)
            let keyY = (fileOrder[y?.file ?? ""] ?? Int.max, y?.line ?? 0, y?.column ?? 0, b.offset)
            return keyX < keyY
        }.map(\.element)
    }
}
