import Transport
import Values

/// One module: its typed arguments and the way it runs on a host.
///
/// `run` receives arguments already normalised by `spec.normalize(_:at:)`. Problems on the host
/// (a package that does not exist, a failing `validate`) come back as a failed `ModuleResult`;
/// only a broken connection throws, so the executor can tell "failed" from "unreachable".
public protocol Module: Sendable {
    var spec: ModuleSpec { get }
    func run(_ arguments: ValueDict, context: ModuleContext, on connection: Connection) throws(TransportError)
        -> ModuleResult
}

/// What a module run needs to know besides its arguments.
public struct ModuleContext: Sendable {
    /// `--check`: decide and report, change nothing.
    public var checkMode: Bool
    /// `--diff`: return before/after for what changes.
    public var diff: Bool
    public var become: Become?
    /// Where `copy: src=` looks for relative paths, in this order (Ansible's): the role's
    /// `files/` (or `templates/`) directory, the role directory, the playbook's `files/`, the
    /// playbook's directory.
    public var searchDirectories: [String]
    /// In check mode: packages earlier tasks would have installed on this host, so a later task
    /// on what they bring (a service unit) can predict instead of failing.
    public var predictedPackages: Set<String>
    /// In check mode: directories earlier tasks would have created on this host, so a later
    /// task writing a file into one can predict instead of failing.
    public var predictedDirectories: Set<String> = []
    /// `no_log` values: masked as `********` in every text a module returns.
    public var secrets: [String]
    /// The program is killed on the host when it runs longer than this.
    public var timeoutSeconds: Double?

    public init(
        checkMode: Bool = false, diff: Bool = false, become: Become? = nil, searchDirectories: [String] = [],
        predictedPackages: Set<String> = [], secrets: [String] = [], timeoutSeconds: Double? = nil
    ) {
        self.checkMode = checkMode
        self.diff = diff
        self.become = become
        self.searchDirectories = searchDirectories
        self.predictedPackages = predictedPackages
        self.secrets = secrets
        self.timeoutSeconds = timeoutSeconds
    }
}

/// How a module run ended, in the shape `register:` exposes to later tasks.
public struct ModuleResult: Sendable {
    public var changed: Bool
    public var failed: Bool
    public var skipped: Bool
    public var message: String?
    /// Every field the module returned, including `changed`, `failed` and `msg`. Diffs travel
    /// in Ansible's shape under `diff`: a dict, or a list of dicts, with `before`, `after`,
    /// `before_header`, `after_header`.
    public var values: ValueDict
    /// Packages this task installed or would install (`apt`), for later tasks' predictions.
    public var predictedPackages: Set<String>

    public init(
        changed: Bool = false, failed: Bool = false, skipped: Bool = false, message: String? = nil,
        values: ValueDict = ValueDict(), predictedPackages: Set<String> = []
    ) {
        self.changed = changed
        self.failed = failed
        self.skipped = skipped
        self.message = message
        self.values = values
        self.predictedPackages = predictedPackages
        self.values["changed"] = .bool(changed)
        if failed { self.values["failed"] = .bool(true) }
        if skipped { self.values["skipped"] = .bool(true) }
        if let message, self.values["msg"] == nil { self.values["msg"] = .string(message) }
    }

    /// A failure found before anything ran on the host (an unreadable `src`, a bad `validate`).
    public static func failure(_ message: String, values: ValueDict = ValueDict()) -> ModuleResult {
        ModuleResult(failed: true, message: message, values: values)
    }
}
