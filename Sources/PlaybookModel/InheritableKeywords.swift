import Diagnostics
import Values

/// The keywords a play, a role, a block and a task may all set, and which pass down that chain:
/// a task without `become:` inherits its block's, the block its role's, the role its play's.
///
/// Each level keeps only what it wrote (`nil` or empty when absent); `inheriting(from:)`
/// computes what applies. Play, Block, RoleInvocation, Task and IncludeTasks expose these
/// fields directly (`task.become`) through dynamic member lookup.
public struct InheritableKeywords: Sendable, Hashable {
    /// `when:` of this level only; `inheriting(from:)` prepends the enclosing levels'.
    public var when: [Conditional] = []
    public var tags: [String] = []
    public var vars = Variables()
    public var environment: Located<Value>?

    public var become: Templatable<Bool>?
    public var becomeUser: Located<String>?
    public var becomeMethod: Located<String>?
    public var becomeFlags: Located<String>?
    public var remoteUser: Located<String>?
    public var connection: Located<String>?
    public var port: Templatable<Int>?

    public var ignoreErrors: Templatable<Bool>?
    public var ignoreUnreachable: Templatable<Bool>?
    public var anyErrorsFatal: Templatable<Bool>?
    public var noLog: Templatable<Bool>?
    public var checkMode: Templatable<Bool>?
    public var diff: Templatable<Bool>?
    public var runOnce: Templatable<Bool>?

    public var delegateTo: Located<String>?
    public var delegateFacts: Templatable<Bool>?
    public var throttle: Templatable<Int>?
    /// Seconds a single task may run before it is stopped.
    public var timeout: Templatable<Int>?
    /// Accepted as written; defaults are applied by module name at run time.
    public var moduleDefaults: Located<Value>?

    public init() {}

    /// The keywords in force at this level: its own values where set, the enclosing level's
    /// otherwise. Tags accumulate; variables merge with this level winning; conditions
    /// accumulate outermost first — like Ansible, a block's `when:` is evaluated again for each
    /// of its tasks, so a `set_fact` inside the block can stop the tasks after it.
    public func inheriting(from outer: InheritableKeywords) -> InheritableKeywords {
        var result = self
        result.when = outer.when + when
        result.tags = Self.union(outer.tags, tags)
        var merged = outer.vars
        merged.merge(vars)
        result.vars = merged
        result.environment = environment ?? outer.environment
        result.become = become ?? outer.become
        result.becomeUser = becomeUser ?? outer.becomeUser
        result.becomeMethod = becomeMethod ?? outer.becomeMethod
        result.becomeFlags = becomeFlags ?? outer.becomeFlags
        result.remoteUser = remoteUser ?? outer.remoteUser
        result.connection = connection ?? outer.connection
        result.port = port ?? outer.port
        result.ignoreErrors = ignoreErrors ?? outer.ignoreErrors
        result.ignoreUnreachable = ignoreUnreachable ?? outer.ignoreUnreachable
        result.anyErrorsFatal = anyErrorsFatal ?? outer.anyErrorsFatal
        result.noLog = noLog ?? outer.noLog
        result.checkMode = checkMode ?? outer.checkMode
        result.diff = diff ?? outer.diff
        result.runOnce = runOnce ?? outer.runOnce
        result.delegateTo = delegateTo ?? outer.delegateTo
        result.delegateFacts = delegateFacts ?? outer.delegateFacts
        result.throttle = throttle ?? outer.throttle
        result.timeout = timeout ?? outer.timeout
        result.moduleDefaults = Self.stacked(outer.moduleDefaults, under: moduleDefaults)
        return result
    }

    /// `module_defaults` of every level, outermost first, as one list: the executor merges them
    /// in that order, so an inner level's entry for a module replaces an outer one's (Ansible
    /// extends the keyword with the parent's values prepended).
    static func stacked(_ outer: Located<Value>?, under inner: Located<Value>?) -> Located<Value>? {
        guard let outer else { return inner }
        guard let inner else { return outer }
        func levels(_ value: Value) -> [Value] {
            if case .list(let entries) = value { return entries }
            return [value]
        }
        return Located(.list(levels(outer.value) + levels(inner.value)), at: inner.mark)
    }

    /// Tags in first-seen order without repeats, as `--list-tags` shows them.
    static func union(_ first: [String], _ second: [String]) -> [String] {
        var seen = Set<String>()
        return (first + second).filter { seen.insert($0).inserted }
    }
}
