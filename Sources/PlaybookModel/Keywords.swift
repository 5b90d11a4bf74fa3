import Diagnostics

/// The keywords each place of a playbook accepts, for validation and "did you mean" hints.
enum Keywords {
    /// What plays, roles, blocks and tasks share (`InheritableKeywords`), minus `when`/
    /// `delegate_*`, which plays lack.
    static let sharedWithPlays: Set<String> = [
        "any_errors_fatal", "become", "become_flags", "become_method", "become_user", "check_mode",
        "collections", "connection", "debugger", "diff", "environment", "ignore_errors",
        "ignore_unreachable", "module_defaults", "name", "no_log", "port", "remote_user", "run_once",
        "tags", "throttle", "timeout", "vars",
    ]

    static let play: Set<String> = sharedWithPlays.union([
        "hosts", "gather_facts", "gather_subset", "gather_timeout", "vars_files", "vars_prompt",
        "pre_tasks", "roles", "tasks", "post_tasks", "handlers", "serial", "strategy", "order",
        "max_fail_percentage", "force_handlers", "fact_path",
    ])

    static let importPlaybook: Set<String> = ["import_playbook", "name", "vars", "tags", "when"]

    static let scoped: Set<String> = sharedWithPlays.union(["when", "delegate_to", "delegate_facts"])

    static let block: Set<String> = scoped.union(["block", "rescue", "always", "notify"])

    static let roleEntry: Set<String> = scoped.union(["role"])

    /// `loop` and a `with_<name>` for every lookup.
    static let loops: Set<String> = Set(["loop"] + LoopSource.Kind.lookupKeywords)

    static let task: Set<String> = scoped.union([
        "action", "local_action", "args", "async", "poll", "changed_when", "failed_when", "loop_control",
        "notify", "register", "retries", "delay", "until",
    ]).union(loops)

    static let handler: Set<String> = task.union(["listen"])

    static let loopControl: Set<String> = [
        "loop_var", "index_var", "label", "pause", "extended", "extended_allitems", "break_when",
    ]

    static let roleMeta: Set<String> = [
        "dependencies", "allow_duplicates", "galaxy_info", "collections", "argument_specs",
    ]

    /// Ansible keywords this tool knows but cannot honour: refusing them beats ignoring them.
    /// Each maps to what is said about it and what to do instead.
    static let unsupported: [String: (message: String, hint: String)] = [
        "become_exe": ("'become_exe' is not supported", "sudo and su are run by their standard names"),
        "fact_path": (
            "'fact_path' is not supported: local facts (facts.d) are not gathered",
            "set the values with vars or set_fact"
        ),
    ]

    /// Reports `key` when it is a keyword this tool refuses; true if it was one.
    static func refuse(_ key: String, at mark: Mark, in session: LoadSession) -> Bool {
        guard let refusal = unsupported[key] else { return false }
        session.error(.other, refusal.message, at: mark, hint: refusal.hint)
        return true
    }

    /// Keywords accepted and ignored, with why: they change nothing a run can observe.
    static let ignored: [String: String] = [
        "debugger": "the task debugger is not available; 'debugger' is ignored"
    ]

    /// The name forms Ansible accepts for a built-in action: `x`, `ansible.builtin.x`,
    /// `ansible.legacy.x`.
    static func shortName(_ name: String) -> String {
        for prefix in ["ansible.builtin.", "ansible.legacy."] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }
}
