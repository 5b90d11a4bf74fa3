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
        summary: "Gathers facts about the host: distribution, release, architecture, names, addresses, memory, CPUs.",
        arguments: [
            ArgumentSpec("gather_subset", .list(.string), default: ["all"], summary: "Which fact groups to gather."),
            ArgumentSpec("gather_timeout", .int, default: 10, summary: "Seconds allowed for gathering."),
            ArgumentSpec("filter", .list(.string), default: [], summary: "Only return facts matching these globs."),
            ArgumentSpec("fact_path", .path, summary: "Accepted for compatibility; local facts are not read."),
        ])
}
