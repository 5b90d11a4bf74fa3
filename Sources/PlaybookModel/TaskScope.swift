import Diagnostics
import Values

/// Where a task list is being read: what relative paths resolve against, which role it
/// belongs to, and what it inherits.
struct TaskScope {
    /// Directory of the file being read: relative `import_tasks` paths start here.
    var directory: String
    var role: RoleContext?
    /// Tags of every enclosing play, role, block and import.
    var tags: [String] = []
    var isHandler = false
    /// Role search paths for `import_role`/`include_role` from here.
    var roleSearchPaths: [String]
    /// How many blocks/imports enclose this list, to stop runaway nesting.
    var depth = 0
    /// `module_defaults` of every enclosing play, role, block and import, stacked outermost
    /// first: arguments they give count as given when a task's arguments are checked.
    var moduleDefaults: Located<Value>?

    func adding(moduleDefaults more: Located<Value>?) -> TaskScope {
        var scope = self
        scope.moduleDefaults = InheritableKeywords.stacked(moduleDefaults, under: more)
        return scope
    }

    func adding(tags more: [String]) -> TaskScope {
        var scope = self
        scope.tags = InheritableKeywords.union(tags, more)
        return scope
    }

    func nested() -> TaskScope {
        var scope = self
        scope.depth += 1
        return scope
    }

    /// Where a relative task file named here is looked for, most specific first (the
    /// session adds the playbook's directory last).
    var taskFileDirectories: [String] {
        var directories = [directory]
        if let role {
            directories.append(isHandler ? role.handlersDirectory : role.tasksDirectory)
        }
        return directories.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    }
}
