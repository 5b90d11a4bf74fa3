import Diagnostics
import Values

/// `include_tasks:` — a task file chosen at run time (its name may be templated, it may loop).
/// The executor renders `file`, resolves it with `resolve(_:)` and loads it with
/// `PlaybookLoader.loadTasks(path:role:mark:)`.
@dynamicMemberLookup
public struct IncludeTasks: Sendable, Hashable {
    public var name: String?
    /// The file expression as written (`"{{ ansible_facts.os_family }}.yml"`).
    public var file: Located<String>
    /// Keywords applied to every included task (`apply:`), unlike `keywords`, which only
    /// decide whether and how the include itself happens.
    public var apply: InheritableKeywords
    public var loop: LoopSource?
    public var loopControl: LoopControl?
    public var keywords: InheritableKeywords
    /// Tags of the include and everything around it: whether the include itself runs.
    public var effectiveTags: [String]
    /// Tags of the enclosing play, role and blocks only. As in Ansible, the included tasks get
    /// these and `apply.tags`, not the include's own tags.
    public var inheritedTags: [String]
    public var role: RoleContext?
    /// Directories a relative file name is looked up in, most specific first.
    public var searchDirectories: [String]
    /// The file's tasks as read and validated at load time, when its name is literal and it
    /// does not include itself; the run may use them instead of reading the file again.
    public var preloaded: [TaskItem]?
    public var mark: Mark

    public init(file: Located<String>, mark: Mark) {
        self.name = nil
        self.file = file
        self.apply = InheritableKeywords()
        self.loop = nil
        self.loopControl = nil
        self.keywords = InheritableKeywords()
        self.effectiveTags = []
        self.inheritedTags = []
        self.role = nil
        self.searchDirectories = []
        self.preloaded = nil
        self.mark = mark
    }

    public subscript<T>(dynamicMember keyPath: WritableKeyPath<InheritableKeywords, T>) -> T {
        get { keywords[keyPath: keyPath] }
        set { keywords[keyPath: keyPath] = newValue }
    }

    /// The path of the rendered file name: absolute as given, else the first existing
    /// candidate among `searchDirectories` (the first candidate when none exists, so the
    /// load error names a real place).
    public func resolve(_ renderedFile: String) -> String {
        FilePaths.resolve(renderedFile, in: searchDirectories)
    }
}

/// `include_role:` — a role run when the task is reached.
@dynamicMemberLookup
public struct IncludeRole: Sendable, Hashable {
    public var name: String?
    /// The role name as written; may be templated.
    public var roleName: Located<String>
    public var tasksFrom: Located<String>?
    public var varsFrom: Located<String>?
    public var defaultsFrom: Located<String>?
    public var handlersFrom: Located<String>?
    public var apply: InheritableKeywords
    /// The role's variables stay visible to later tasks of the play (`public: true`).
    public var isPublic: Templatable<Bool>?
    public var allowDuplicates: Templatable<Bool>?
    public var loop: LoopSource?
    public var loopControl: LoopControl?
    /// Keywords of the include itself; `vars` are the role's parameters.
    public var keywords: InheritableKeywords
    /// Tags of the include and everything around it: whether the include itself runs.
    public var effectiveTags: [String]
    /// Tags of the enclosing play, role and blocks only: the role's tasks get these and
    /// `apply.tags`, not the include's own tags.
    public var inheritedTags: [String]
    /// Where the role name is looked up when it is rendered at run time.
    public var roleSearchPaths: [String]
    /// The role (after its dependencies) loaded and validated at load time, when its name
    /// and files are literal.
    public var preloaded: [RoleInvocation]?
    public var mark: Mark

    public init(roleName: Located<String>, mark: Mark) {
        self.name = nil
        self.roleName = roleName
        self.tasksFrom = nil
        self.varsFrom = nil
        self.defaultsFrom = nil
        self.handlersFrom = nil
        self.apply = InheritableKeywords()
        self.isPublic = nil
        self.allowDuplicates = nil
        self.loop = nil
        self.loopControl = nil
        self.keywords = InheritableKeywords()
        self.effectiveTags = []
        self.inheritedTags = []
        self.roleSearchPaths = []
        self.preloaded = nil
        self.mark = mark
    }

    public subscript<T>(dynamicMember keyPath: WritableKeyPath<InheritableKeywords, T>) -> T {
        get { keywords[keyPath: keyPath] }
        set { keywords[keyPath: keyPath] = newValue }
    }
}
