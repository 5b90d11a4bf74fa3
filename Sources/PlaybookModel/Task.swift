import Diagnostics
import Values

/// One task: a module with its arguments and the keywords around it, untemplated.
///
/// Everything keeps the place it was written so a failure at run time still points at the
/// source. Keywords a block or role may also set live in `keywords` and read as fields
/// (`task.become`); `effectiveTags` already includes every enclosing level's tags.
@dynamicMemberLookup
public struct Task: Sendable, Hashable {
    public var name: String?
    /// The canonical short name of a built-in module (`apt` for `ansible.builtin.apt`), or the
    /// name of a user module from `modules/` beside the playbook.
    public var module: String
    public var moduleMark: Mark
    /// The module's name as the task wrote it (`ansible.builtin.apt`, `systemd_service`), which
    /// an unnamed task shows as Ansible does; nil where no task text names it.
    public var writtenModule: String?
    /// Arguments as written, untemplated; a free-form string (`command: ls -l`) is `_raw_params`.
    public var arguments: ValueDict
    public var argumentMarks: [String: Mark]

    public var loop: LoopSource?
    public var loopControl: LoopControl?
    public var register: Located<String>?
    /// Handler names or `listen` topics to notify when this task changes something.
    public var notify: [Located<String>]
    /// Topics this handler also answers to (handlers only).
    public var listen: [String]
    public var changedWhen: [Conditional]
    public var failedWhen: [Conditional]
    public var until: [Conditional]
    public var retries: Templatable<Int>?
    public var delay: Templatable<Int>?
    /// `async:`: seconds a detached run may take; nil or 0 runs the task attached, as usual.
    public var asyncSeconds: Templatable<Int>?
    /// `poll:`: seconds between checks on an `async` job; 0 starts it and moves on.
    public var poll: Templatable<Int>?

    public var keywords: InheritableKeywords
    /// Tags of this task and of every play, role, block and import around it.
    public var effectiveTags: [String]
    /// The role this task belongs to, for its variables and its `files/`/`templates/` lookups.
    public var role: RoleContext?
    public var mark: Mark
    public var isHandler: Bool

    public init(module: String, moduleMark: Mark, mark: Mark) {
        self.name = nil
        self.module = module
        self.moduleMark = moduleMark
        self.writtenModule = nil
        self.arguments = ValueDict()
        self.argumentMarks = [:]
        self.loop = nil
        self.loopControl = nil
        self.register = nil
        self.notify = []
        self.listen = []
        self.changedWhen = []
        self.failedWhen = []
        self.until = []
        self.retries = nil
        self.delay = nil
        self.asyncSeconds = nil
        self.poll = nil
        self.keywords = InheritableKeywords()
        self.effectiveTags = []
        self.role = nil
        self.mark = mark
        self.isHandler = false
    }

    public subscript<T>(dynamicMember keyPath: WritableKeyPath<InheritableKeywords, T>) -> T {
        get { keywords[keyPath: keyPath] }
        set { keywords[keyPath: keyPath] = newValue }
    }

    /// The name shown in `TASK [...]`: the task's name, or the module as written, prefixed
    /// with the role (`web : install nginx`).
    public var displayName: String {
        let base = name ?? writtenModule ?? module
        guard let role else { return base }
        return "\(role.name) : \(base)"
    }

    /// Whether a `notify:` entry reaches this handler: by name, by `role : name`, or by a
    /// `listen` topic.
    public func answers(to notification: String) -> Bool {
        guard isHandler else { return false }
        if let name, name == notification { return true }
        if let name, let role, notification == "\(role.name) : \(name)" { return true }
        return listen.contains(notification)
    }
}
