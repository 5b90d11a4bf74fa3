import Values

/// The parameters of a module's ansible-core twin, as its result lists them under
/// `invocation.module_args`: every parameter of that module's argument spec, whether the task
/// gave it or not. `playbook`'s own ModuleSpec may take fewer arguments, or some under other
/// names; this table is what an operator's `r.results[0].invocation` and `-vvv` output show,
/// so it follows ansible-core's list, not ours. Data only: the rules that fill it in live in
/// `ModuleParameterTable+Arguments.swift`.
public struct ModuleParameterTable: Sendable {
    /// Every parameter with its default (`nil` where ansible-core has none), in the order
    /// ansible-core adds the defaults: first those with a value, then the null ones.
    public var parameters: ValueDict
    /// Other spellings ansible-core accepts for a parameter (`dest` and `name` for `path`).
    public var aliases: [String: [String]]
    /// Parameters whose value ansible-core masks.
    public var noLog: Set<String>
    /// Arguments of `playbook`'s ModuleSpec that ansible-core's module takes under another
    /// parameter (`cmd` of `command` is its `_raw_params`).
    public var renamed: [String: String]
    /// Arguments of `playbook`'s ModuleSpec that ansible-core's module never sees: ones its
    /// action plugin consumes on the controller (`decrypt`), or `playbook`'s own.
    public var unlisted: Set<String>
    /// Parameters whose default ends with the target's host name (user's `ssh_key_comment`).
    public var hostNamed: Set<String>
    /// Values the module itself turns into null before it answers (apt's `upgrade: no`).
    public var clearedValues: [String: Value]

    public init(
        _ parameters: ValueDict, withFileAttributes: Bool = false, aliases: [String: [String]] = [:], noLog: Set<String> = [],
        renamed: [String: String] = [:], unlisted: Set<String> = [], hostNamed: Set<String> = [],
        clearedValues: [String: Value] = [:]
    ) {
        self.hostNamed = hostNamed
        self.clearedValues = clearedValues
        self.parameters = parameters
        if withFileAttributes {
            for (name, value) in Self.fileAttributes where !parameters.contains(name) { self.parameters[name] = value }
        }
        self.aliases = aliases
        self.noLog = noLog
        self.renamed = renamed
        self.unlisted = unlisted
    }

    /// The canonical parameter `name` stands for: itself, or the parameter it is an alias of.
    public func canonicalName(of name: String) -> String? {
        if parameters.contains(name) { return name }
        if let target = renamed[name] { return target }
        return aliases.first { $0.value.contains(name) }?.key
    }

    /// Every name the table knows a parameter by.
    public var knownNames: Set<String> {
        Set(parameters.keys).union(aliases.values.joined()).union(renamed.keys).union(unlisted)
    }

    /// The table of the module `name` (its ModuleSpec name), for modules whose ansible-core
    /// twin runs on the target and so reports its arguments. Action-only modules (`debug`,
    /// `set_fact`, `raw`, `script`, `fetch`, …) have none.
    public static func forModule(_ name: String) -> ModuleParameterTable? {
        tables[name]
    }

    /// The value ansible-core puts in place of a `no_log` parameter's.
    public static let maskedValue: Value = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"

    /// The file attributes every file-writing module of ansible-core takes (`add_file_common_args`).
    static let fileAttributes: ValueDict = [
        "mode": nil, "owner": nil, "group": nil, "seuser": nil, "serole": nil, "selevel": nil, "setype": nil,
        "attributes": nil,
    ]
}
