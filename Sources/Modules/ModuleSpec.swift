import Values

/// The typed interface of one module: its arguments with their types, defaults, choices and
/// aliases, and the rules between them. Validation (at load time and again after templating)
/// and the README's module reference both come from this one description, so they cannot drift.
public struct ModuleSpec: Sendable {
    /// The short name (`apt`); FQCN forms such as `ansible.builtin.apt` resolve to it.
    public var name: String
    /// Other names for the same module (`systemd_service` for `systemd`).
    public var aliases: [String]
    public var summary: String
    public var arguments: [ArgumentSpec]
    /// Groups of arguments of which at most one may be given.
    public var mutuallyExclusive: [[String]]
    /// Groups of arguments of which at least one must be given.
    public var requiredOneOf: [[String]]
    /// `(argument, value, requires)`: when `argument` equals `value`, every name in `requires` is needed.
    public var requiredIf: [(argument: String, value: Value, requires: [String])]
    /// `(argument, requires)`: when `argument` is given, every name in `requires` is needed too.
    public var requiredBy: [(argument: String, requires: [String])]
    /// `command: ls -l` — the module takes a free-form string as its `_raw_params`.
    public var takesFreeForm: Bool
    /// Whether `--check` can predict this module's effect; others are skipped in check mode.
    public var supportsCheckMode: Bool
    /// The message of a module that answers check mode itself by skipping, as Ansible's actions
    /// without check mode do (`This action (assemble) does not support check mode.`).
    public var checkModeSkipMessage: String?
    /// Runs entirely on the controller (`debug`, `set_fact`, `assert`): no remote program.
    public var runsOnController: Bool
    /// Any argument name is accepted and passed through (`set_fact`, user modules without a spec).
    public var acceptsAnyArguments: Bool

    public init(
        name: String, aliases: [String] = [], summary: String, arguments: [ArgumentSpec],
        mutuallyExclusive: [[String]] = [], requiredOneOf: [[String]] = [],
        requiredIf: [(argument: String, value: Value, requires: [String])] = [],
        requiredBy: [(argument: String, requires: [String])] = [],
        takesFreeForm: Bool = false, supportsCheckMode: Bool = true, runsOnController: Bool = false,
        acceptsAnyArguments: Bool = false, checkModeSkipMessage: String? = nil
    ) {
        self.name = name
        self.aliases = aliases
        self.summary = summary
        self.arguments = arguments
        self.mutuallyExclusive = mutuallyExclusive
        self.requiredOneOf = requiredOneOf
        self.requiredIf = requiredIf
        self.requiredBy = requiredBy
        self.takesFreeForm = takesFreeForm
        self.supportsCheckMode = supportsCheckMode
        self.runsOnController = runsOnController
        self.acceptsAnyArguments = acceptsAnyArguments
        self.checkModeSkipMessage = checkModeSkipMessage
    }

    /// The argument called `name` directly or through one of its aliases.
    public func argument(named name: String) -> ArgumentSpec? {
        arguments.first { $0.name == name || $0.aliases.contains(name) }
    }

    /// Every name an argument may be written as, for "did you mean" suggestions.
    public var allArgumentNames: [String] {
        arguments.flatMap { [$0.name] + $0.aliases }
    }

    /// The names a user is shown: internal ones such as `_raw_params` are written differently.
    var visibleArgumentNames: [String] {
        allArgumentNames.filter { !$0.hasPrefix("_") }
    }
}
