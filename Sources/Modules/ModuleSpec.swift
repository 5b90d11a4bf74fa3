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
    /// `command: ls -l` — the module takes a free-form string as its `_raw_params`.
    public var takesFreeForm: Bool
    /// Whether `--check` can predict this module's effect; others are skipped in check mode.
    public var supportsCheckMode: Bool
    /// Runs entirely on the controller (`debug`, `set_fact`, `assert`): no remote program.
    public var runsOnController: Bool

    public init(
        name: String, aliases: [String] = [], summary: String, arguments: [ArgumentSpec],
        mutuallyExclusive: [[String]] = [], requiredOneOf: [[String]] = [],
        requiredIf: [(argument: String, value: Value, requires: [String])] = [],
        takesFreeForm: Bool = false, supportsCheckMode: Bool = true, runsOnController: Bool = false
    ) {
        self.name = name
        self.aliases = aliases
        self.summary = summary
        self.arguments = arguments
        self.mutuallyExclusive = mutuallyExclusive
        self.requiredOneOf = requiredOneOf
        self.requiredIf = requiredIf
        self.takesFreeForm = takesFreeForm
        self.supportsCheckMode = supportsCheckMode
        self.runsOnController = runsOnController
    }

    /// The argument called `name` directly or through one of its aliases.
    public func argument(named name: String) -> ArgumentSpec? {
        arguments.first { $0.name == name || $0.aliases.contains(name) }
    }

    /// Every name an argument may be written as, for "did you mean" suggestions.
    public var allArgumentNames: [String] {
        arguments.flatMap { [$0.name] + $0.aliases }
    }
}

/// One argument of a module.
public struct ArgumentSpec: Sendable {
    public var name: String
    public var type: ArgumentType
    public var required: Bool
    /// Applied when the argument is absent; `nil` means absent stays absent.
    public var defaultValue: Value?
    /// When non-empty, the value must be one of these (compared as strings after conversion).
    public var choices: [String]
    public var aliases: [String]
    /// The value is a secret: masked in output, reports and logs.
    public var noLog: Bool
    public var summary: String

    public init(
        _ name: String, _ type: ArgumentType, required: Bool = false, default defaultValue: Value? = nil,
        choices: [String] = [], aliases: [String] = [], noLog: Bool = false, summary: String
    ) {
        self.name = name
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.choices = choices
        self.aliases = aliases
        self.noLog = noLog
        self.summary = summary
    }
}

/// What an argument's value must be. Conversions follow Ansible's: `"yes"` is a valid `bool`,
/// a comma-separated string is a valid `list`.
public indirect enum ArgumentType: Sendable, Hashable {
    case string
    case bool
    case int
    case float
    case path
    /// A file mode: an octal string (`"0644"`), a symbolic one (`u=rw,g=r`) or `preserve`.
    /// An unquoted YAML number is refused because YAML 1.1 reads `0644` as 420.
    case mode
    case list(ArgumentType)
    case dict
    /// Any value, passed through untouched (`debug: var=…`, `set_fact`).
    case raw

    public var displayName: String {
        switch self {
        case .string: return "string"
        case .bool: return "boolean"
        case .int: return "integer"
        case .float: return "float"
        case .path: return "path"
        case .mode: return "mode"
        case .list(let element): return "list of \(element.displayName)"
        case .dict: return "dictionary"
        case .raw: return "any"
        }
    }
}
