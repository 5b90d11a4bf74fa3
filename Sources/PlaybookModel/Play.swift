import Diagnostics
import Values

/// One play: which hosts, how to run on them, and what to run — with roles already loaded
/// and static imports already expanded.
@dynamicMemberLookup
public struct Play: Sendable, Hashable {
    /// How many hosts run a batch of the play before the next batch starts (`serial:`).
    public enum SerialValue: Sendable, Hashable {
        case count(Int)
        case percent(Int)
    }

    public enum Strategy: String, Sendable, Hashable, CaseIterable {
        case linear, free
    }

    /// `order:` — the order hosts are taken from the inventory.
    public enum HostOrder: String, Sendable, Hashable, CaseIterable {
        case inventory
        case reverseInventory = "reverse_inventory"
        case sorted
        case reverseSorted = "reverse_sorted"
        case shuffle
    }

    public var name: String?
    /// The host pattern; a YAML list is joined with `,`. May be templated.
    public var hosts: Located<String>
    public var mark: Mark
    /// The directory of the playbook file the play is written in (imported playbooks have
    /// their own): relative `vars_files`, `files/` and `templates/` start here.
    public var directory: String

    /// `vars_files:` entries; each is a list of candidates of which the first existing is used.
    public var varsFiles: [VarsFile]
    public var gatherFacts: Templatable<Bool>?
    public var gatherSubset: [String]
    public var gatherTimeout: Templatable<Int>?

    public var preTasks: [TaskItem]
    /// `roles:`, dependencies first, each role once unless it allows duplicates.
    public var roles: [RoleInvocation]
    public var tasks: [TaskItem]
    public var postTasks: [TaskItem]
    /// The play's handlers followed by those of its roles.
    public var handlers: [Task]

    /// Batches; the last value repeats for the remaining hosts. Empty means all hosts at once.
    public var serial: [Templatable<SerialValue>]
    public var strategy: Located<Strategy>?
    public var order: Located<HostOrder>?
    public var maxFailPercentage: Templatable<Double>?
    public var forceHandlers: Templatable<Bool>?

    public var keywords: InheritableKeywords

    public init(hosts: Located<String>, mark: Mark) {
        self.name = nil
        self.hosts = hosts
        self.mark = mark
        self.directory = FilePaths.directory(of: mark.file)
        self.varsFiles = []
        self.gatherFacts = nil
        self.gatherSubset = []
        self.gatherTimeout = nil
        self.preTasks = []
        self.roles = []
        self.tasks = []
        self.postTasks = []
        self.handlers = []
        self.serial = []
        self.strategy = nil
        self.order = nil
        self.maxFailPercentage = nil
        self.forceHandlers = nil
        self.keywords = InheritableKeywords()
    }

    public subscript<T>(dynamicMember keyPath: WritableKeyPath<InheritableKeywords, T>) -> T {
        get { keywords[keyPath: keyPath] }
        set { keywords[keyPath: keyPath] = newValue }
    }

    /// Every task of the play in the order a linear run reaches them, for `--list-tasks`.
    public var allTasks: [Task] {
        preTasks.flatMap(\.allTasks) + roles.flatMap { $0.tasks.flatMap(\.allTasks) }
            + tasks.flatMap(\.allTasks) + postTasks.flatMap(\.allTasks)
    }

    /// Every tag used in the play, sorted, for `--list-tags`.
    public var allTags: [String] {
        var tags = Set(keywords.tags)
        for task in allTasks { tags.formUnion(task.effectiveTags) }
        for item in preTasks + tasks + postTasks { tags.formUnion(item.effectiveTags) }
        return tags.sorted()
    }

    /// The handlers a `notify:` entry reaches.
    public func handlers(answering notification: String) -> [Task] {
        handlers.filter { $0.answers(to: notification) }
    }
}

/// One `vars_files:` entry. A nested list names alternatives: the first that exists is read.
public struct VarsFile: Sendable, Hashable {
    /// Paths as written (maybe templated), relative to the playbook's directory.
    public var candidates: [String]
    public var mark: Mark

    public init(candidates: [String], mark: Mark) {
        self.candidates = candidates
        self.mark = mark
    }
}
