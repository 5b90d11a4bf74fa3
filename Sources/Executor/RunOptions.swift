import Transport

/// Everything a run is asked to do, independent of how it was asked (flags, tests, the demo).
public struct RunOptions: Sendable {
    public enum Listing: Sendable, Hashable {
        case hosts, tasks, tags
    }
    public enum OutputStyle: String, Sendable, CaseIterable {
        case `default`, compact, json
    }

    public var playbooks: [String] = []
    public var inventories: [String] = []
    /// Raw `-e` values in the order given: `k=v k2=v2`, a JSON/YAML object, or `@file`.
    public var extraVars: [String] = []
    public var limit: String?
    public var tags: [String] = []
    public var skipTags: [String] = []
    /// How many hosts run at once. The default covers a 50-host lab in one wave: our workers are
    /// threads blocked on sockets, not forked interpreters, so parallelism is cheap.
    public var forks: Int = 100
    public var check = false
    public var diff = false
    public var become = false
    public var becomeUser: String?
    public var becomeMethod: String?
    public var becomePassword: Secret?
    public var remoteUser: String?
    public var privateKey: String?
    public var connectionPassword: Secret?
    public var connection: String?
    public var hostKeyChecking: HostKeyPolicy?
    public var connectTimeout: Double = 10
    /// Per-task command timeout in seconds (0 = none).
    public var taskTimeout: Double = 0
    public var sshConfigFile: String?
    /// `--list-hosts`, `--list-tasks`, `--list-tags`: any of them together, as Ansible allows.
    public var listings: Set<Listing> = []
    public var syntaxCheck = false
    public var startAtTask: String?
    public var forceHandlers = false
    public var verbosity = 0
    public var outputStyle: OutputStyle = .default
    public var reportJSON: String?
    public var reportJUnit: String?
    public var verifyIdempotence = false
    public var timing = false

    public init() {}
}
