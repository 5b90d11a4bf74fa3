import Diagnostics
import Values

/// What a task of a role needs from its role at run time: its variables and where its
/// files and templates are.
public struct RoleContext: Sendable, Hashable {
    public var name: String
    /// The role's directory (`…/roles/web`).
    public var path: String
    /// `defaults/main.yml`: the lowest-precedence variables.
    public var defaults: ValueDict
    /// `vars/main.yml`: above inventory and play variables.
    public var vars: ValueDict
    /// Names of the roles this one depends on (`meta/main.yml`), in the order they run.
    public var dependencies: [String]
    public var allowDuplicates: Bool

    public init(name: String, path: String) {
        self.name = name
        self.path = path
        self.defaults = ValueDict()
        self.vars = ValueDict()
        self.dependencies = []
        self.allowDuplicates = false
    }

    public var tasksDirectory: String { FilePaths.join(path, "tasks") }
    public var handlersDirectory: String { FilePaths.join(path, "handlers") }
    /// Where `copy: src=` and `script:` look first for relative names.
    public var filesDirectory: String { FilePaths.join(path, "files") }
    /// Where `template: src=` looks first for relative names.
    public var templatesDirectory: String { FilePaths.join(path, "templates") }
}

/// One use of a role in a play: from `roles:`, a `meta/main.yml` dependency, or an
/// `include_role`. Dependencies come before the role that needs them, as their own entries.
@dynamicMemberLookup
public struct RoleInvocation: Sendable, Hashable {
    public var role: RoleContext
    /// Keywords of the `roles:` entry; `vars` holds its variables and role parameters.
    public var keywords: InheritableKeywords
    public var tasks: [TaskItem]
    /// The role's handlers; for roles of `roles:` and `import_role` they are also in the
    /// play's handlers.
    public var handlers: [Task]
    /// The role whose `meta/main.yml` asked for this one, when it is a dependency.
    public var dependencyOf: String?
    public var effectiveTags: [String]
    public var mark: Mark

    public init(role: RoleContext, mark: Mark) {
        self.role = role
        self.keywords = InheritableKeywords()
        self.tasks = []
        self.handlers = []
        self.dependencyOf = nil
        self.effectiveTags = []
        self.mark = mark
    }

    public subscript<T>(dynamicMember keyPath: WritableKeyPath<InheritableKeywords, T>) -> T {
        get { keywords[keyPath: keyPath] }
        set { keywords[keyPath: keyPath] = newValue }
    }
}
