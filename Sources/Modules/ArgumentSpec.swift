import Values

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
