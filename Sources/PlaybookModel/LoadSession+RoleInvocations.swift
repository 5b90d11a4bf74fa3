import Diagnostics
import Values
import YAML

/// A use of a role within the current play, to run each role once (with the same
/// parameters) unless it allows duplicates, as Ansible does.
struct RoleUse: Hashable {
    var path: String
    var parameters: ValueDict
}

/// Which files of a role a use reads (`tasks_from:` and friends of import/include_role).
struct RoleFiles {
    var tasksFrom: String?
    var handlersFrom: String?
    var varsFrom: String?
    var defaultsFrom: String?
}

extension LoadSession {
    /// The invocations one role entry produces: its dependencies (recursively, each once)
    /// and then the role itself. `inherited` are the keywords of the roles depending on it.
    func invokeRole(
        _ entry: RoleEntry, searchPaths: [String], inherited: InheritableKeywords = InheritableKeywords(),
        tags: [String], chain: [String] = [], dependencyOf: String? = nil, files: RoleFiles = RoleFiles(),
        deduplicate: Bool = true
    ) -> [RoleInvocation] {
        guard chain.count < options.maxNesting else {
            error(.limit, "role dependencies nest deeper than \(options.maxNesting) levels", at: entry.nameMark)
            return []
        }
        guard
            let loaded = loadRole(
                named: entry.name, at: entry.nameMark, searchPaths: searchPaths, defaultsFrom: files.defaultsFrom,
                varsFrom: files.varsFrom)
        else { return [] }
        let role = loaded.context
        if chain.contains(role.path) {
            let names = (chain + [role.path]).map(FilePaths.lastComponent).joined(separator: " -> ")
            error(
                .limit, "role dependency cycle: \(names)", at: entry.nameMark,
                hint: "a role cannot depend on itself, directly or through others")
            return []
        }
        var own = entry.keywords
        own.vars.merge(roleParameters(entry, role: role, knownVariables: loaded.knownVariables))
        let keywords = own.inheriting(from: inherited)
        let roleTags = InheritableKeywords.union(tags, entry.keywords.tags)
        let nestedPaths = Self.uniqued(searchPaths + [FilePaths.directory(of: role.path)])

        var invocations: [RoleInvocation] = []
        for dependency in loaded.dependencies {
            invocations += invokeRole(
                dependency, searchPaths: nestedPaths, inherited: keywords, tags: roleTags, chain: chain + [role.path],
                dependencyOf: role.name)
        }
        // Identity is the entry's own parameters, not those inherited from dependent roles.
        let use = RoleUse(path: role.path, parameters: own.vars.values)
        if deduplicate && !role.allowDuplicates {
            if invokedRoles.contains(use) { return invocations }
            invokedRoles.insert(use)
        }

        var invocation = RoleInvocation(role: role, mark: entry.mark)
        invocation.keywords = keywords
        invocation.dependencyOf = dependencyOf
        invocation.effectiveTags = roleTags
        var scope = TaskScope(directory: role.tasksDirectory, role: role, tags: roleTags, roleSearchPaths: nestedPaths)
        scope.moduleDefaults = InheritableKeywords.stacked(playModuleDefaults, under: keywords.moduleDefaults)
        invocation.tasks =
            roleTaskFile(role, "tasks", files.tasksFrom, scope: scope, at: entry.nameMark) {
                taskList($0, "tasks", scope: $1)
            } ?? []
        var handlerScope = scope
        handlerScope.isHandler = true
        handlerScope.directory = role.handlersDirectory
        invocation.handlers =
            roleTaskFile(role, "handlers", files.handlersFrom, scope: handlerScope, at: entry.nameMark) {
                handlerList($0, "handlers", scope: $1)
            } ?? []
        return invocations + [invocation]
    }

    /// Reads `tasks/main.yml` (or `tasks_from`) of a role; a role may have no tasks file,
    /// but a file asked for by name must exist.
    private func roleTaskFile<T>(
        _ role: RoleContext, _ folder: String, _ from: String?, scope: TaskScope, at mark: Mark,
        _ parse: (Node, TaskScope) -> [T]
    ) -> [T]? {
        let base = FilePaths.join(role.path, "\(folder)/\(Self.strippingYAMLExtension(from ?? "main"))")
        guard let path = FilePaths.firstExistingYAML(base) else {
            if let from {
                error(
                    .io, "could not find \(folder) file '\(from)' of role '\(role.name)'", at: mark,
                    hint: "searched: \(base).yml, \(base).yaml")
            }
            return nil
        }
        var fileScope = scope
        fileScope.directory = FilePaths.directory(of: path)
        return withFile(path, importedAt: mark) {
            guard let node = loadYAML(path, requestedAt: mark, what: "\(folder) file") else { return [] }
            return parse(node, fileScope)
        }
    }

    static func uniqued(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}
