extension ModuleSpec {
    /// `debug`: prints a message or a variable (the executor evaluates it).
    public static let debug = ModuleSpec(
        name: "debug",
        summary: "Prints a message or the value of a variable.",
        arguments: [
            ArgumentSpec("msg", .raw, summary: "What to print (default `Hello world!`)."),
            ArgumentSpec("var", .string, summary: "A variable name or expression whose value is printed."),
            ArgumentSpec("verbosity", .int, default: 0, summary: "Print only at this `-v` level or above."),
        ],
        mutuallyExclusive: [["msg", "var"]],
        runsOnController: true)

    /// `set_fact`: host variables from key=value pairs or a mapping.
    public static let setFact = ModuleSpec(
        name: "set_fact",
        summary: "Sets host variables for the rest of the run.",
        arguments: [
            ArgumentSpec("cacheable", .bool, default: false, summary: "Also store the facts in the fact cache.")
        ],
        takesFreeForm: true, runsOnController: true, acceptsAnyArguments: true)

    /// `assert`: conditions that must hold.
    public static let assert = ModuleSpec(
        name: "assert",
        summary: "Fails unless every condition in `that` holds.",
        arguments: [
            ArgumentSpec("that", .list(.raw), required: true, summary: "Conditions, written like `when:`."),
            ArgumentSpec("fail_msg", .raw, aliases: ["msg"], summary: "Message when a condition is false."),
            ArgumentSpec("success_msg", .raw, summary: "Message when all conditions hold."),
            ArgumentSpec("quiet", .bool, default: false, summary: "Print less on success."),
        ],
        runsOnController: true)

    /// `fail`: stops the host with a message.
    public static let fail = ModuleSpec(
        name: "fail",
        summary: "Fails the host with a message.",
        arguments: [
            ArgumentSpec("msg", .raw, default: "Failed as requested from task", summary: "The failure message.")
        ],
        runsOnController: true)

    /// `meta`: actions on the run itself.
    public static let meta = ModuleSpec(
        name: "meta",
        summary: "Acts on the run: flush handlers, end the play or the host, clear facts, …",
        arguments: [
            ArgumentSpec(
                "_raw_params", .string, required: true,
                choices: [
                    "flush_handlers", "end_play", "end_host", "end_batch", "end_role", "clear_facts",
                    "clear_host_errors", "noop", "refresh_inventory", "reset_connection",
                ],
                summary: "The action.")
        ],
        takesFreeForm: true, runsOnController: true)

    /// `setup`: facts about the host (distribution, addresses, memory, …) as `ansible_facts`.
    public static let setup = ModuleSpec(
        name: "setup", aliases: ["gather_facts"],
        summary:
            "Gathers facts about the host: distribution and kernel, names, interfaces and addresses, memory, CPUs, the environment, the user's account, DNS settings, date and time.",
        arguments: [
            ArgumentSpec(
                "gather_subset", .list(.string), default: ["all"],
                summary: "Recorded as `ansible_gather_subset`; every fact is gathered whatever it says (one pass costs less than choosing)."),
            ArgumentSpec("gather_timeout", .int, default: 10, summary: "Seconds allowed for gathering."),
            ArgumentSpec("filter", .list(.string), default: [], summary: "Only return facts matching these globs."),
            ArgumentSpec("fact_path", .path, summary: "Accepted for compatibility; local facts are not read."),
        ])
}

extension ModuleSpec {
    /// `include_vars`: variables from a YAML/JSON file or a directory of them, for the host.
    public static let includeVars = ModuleSpec(
        name: "include_vars",
        summary: "Loads variables from a YAML or JSON file, or from every such file of a directory.",
        arguments: [
            ArgumentSpec("_raw_params", .path, summary: "The file, written free-form."),
            ArgumentSpec("file", .path, summary: "The file; relative names are looked for in the role's `vars/`, then beside the playbook."),
            ArgumentSpec("dir", .path, summary: "A directory whose files are loaded in name order."),
            ArgumentSpec("name", .string, summary: "Put the variables under this one key."),
            ArgumentSpec("depth", .int, default: 0, summary: "With `dir`: how many directories to read (0: all)."),
            ArgumentSpec("files_matching", .string, summary: "With `dir`: only files whose name matches this regular expression."),
            ArgumentSpec("ignore_files", .list(.string), default: [], summary: "With `dir`: file names to pass over."),
            ArgumentSpec("extensions", .list(.string), default: ["yaml", "yml", "json"], summary: "With `dir`: the file extensions read."),
            ArgumentSpec("ignore_unknown_extensions", .bool, default: false, summary: "With `dir`: pass over other files instead of failing."),
            ArgumentSpec("hash_behaviour", .string, choices: ["replace", "merge"], summary: "`merge` merges dictionaries into the variable's current value."),
        ],
        mutuallyExclusive: [["file", "dir"], ["_raw_params", "dir"]],
        takesFreeForm: true, runsOnController: true)

    /// `add_host`: a host (and its groups) added to the run's inventory for later plays.
    public static let addHost = ModuleSpec(
        name: "add_host",
        summary: "Adds a host to the in-memory inventory, in groups, with variables; runs once per play.",
        arguments: [
            ArgumentSpec("name", .string, required: true, aliases: ["host", "hostname"], summary: "The host's name (`name:port` sets `ansible_port`)."),
            ArgumentSpec("groups", .list(.string), aliases: ["group", "groupname"], summary: "Groups to put the host in."),
        ],
        runsOnController: true, acceptsAnyArguments: true)

    /// `group_by`: each host joins a group named from its own variables.
    public static let groupBy = ModuleSpec(
        name: "group_by",
        summary: "Puts the host in a group named by `key` (templated per host), for later plays.",
        arguments: [
            ArgumentSpec("key", .string, required: true, summary: "The group's name."),
            ArgumentSpec("parents", .list(.string), default: ["all"], summary: "Groups the new group is a child of."),
        ],
        runsOnController: true)
}

extension ModuleSpec {
    /// `pause`: waits on the controller, once per play, for a time or for an answer.
    public static let pause = ModuleSpec(
        name: "pause",
        summary: "Waits a number of seconds or minutes, or for the user's answer to a prompt; runs once per play.",
        arguments: [
            ArgumentSpec("seconds", .int, summary: "Seconds to wait."),
            ArgumentSpec("minutes", .int, summary: "Minutes to wait."),
            ArgumentSpec("prompt", .string, summary: "Text shown before waiting for an answer (only on a terminal)."),
            ArgumentSpec("echo", .bool, default: true, summary: "Show what is typed at the prompt."),
        ],
        mutuallyExclusive: [["minutes", "seconds"]],
        runsOnController: true)
}

extension ModuleSpec {
    /// `set_stats`: custom statistics for the run's end.
    public static let setStats = ModuleSpec(
        name: "set_stats",
        summary: "Sets custom statistics, per host or for the whole run (shown only where custom stats are shown).",
        arguments: [
            ArgumentSpec("data", .dict, required: true, summary: "The statistics, by name."),
            ArgumentSpec("per_host", .bool, default: false, summary: "Keep them per host instead of for the run."),
            ArgumentSpec("aggregate", .bool, default: true, summary: "Add to earlier values instead of replacing them."),
        ],
        runsOnController: true)
}

extension ModuleSpec {
    /// `wait_for_connection`: retries reaching the host until it answers.
    public static let waitForConnection = ModuleSpec(
        name: "wait_for_connection",
        summary: "Waits until the host can be reached and runs a module again, reconnecting as needed.",
        arguments: [
            ArgumentSpec("delay", .int, default: 0, summary: "Seconds to wait before the first attempt."),
            ArgumentSpec("sleep", .int, default: 1, summary: "Seconds between attempts."),
            ArgumentSpec("timeout", .int, default: 600, summary: "Seconds after which to give up."),
            ArgumentSpec("connect_timeout", .int, default: 5, summary: "Accepted for compatibility; each attempt uses the run's connection timeout."),
        ],
        runsOnController: true)
}
