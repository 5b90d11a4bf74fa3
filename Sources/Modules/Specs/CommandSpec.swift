extension ModuleSpec {
    private static let commandArguments: [ArgumentSpec] = [
        ArgumentSpec("_raw_params", .string, summary: "The command line written after the module name."),
        ArgumentSpec("cmd", .string, summary: "The command line, as an argument."),
        ArgumentSpec("chdir", .path, summary: "Change into this directory first."),
        ArgumentSpec("creates", .path, summary: "A path (glob) that, when it exists, means the command is not run."),
        ArgumentSpec("removes", .path, summary: "A path (glob) that, when it does not exist, means the command is not run."),
        ArgumentSpec("stdin", .string, summary: "Text fed to the command's standard input."),
        ArgumentSpec("stdin_add_newline", .bool, default: true, summary: "Append a newline to `stdin`."),
        ArgumentSpec(
            "strip_empty_ends", .bool, default: true, summary: "Remove trailing newlines from stdout and stderr."),
    ]

    /// `command`: a program with arguments, no shell.
    public static let command = ModuleSpec(
        name: "command",
        summary: "Runs a program with arguments on the target, without a shell.",
        arguments: commandArguments + [
            ArgumentSpec("argv", .list(.string), summary: "The program and its arguments as a list (no splitting)."),
            ArgumentSpec(
                "expand_argument_vars", .bool, default: true,
                summary: "Expand `$NAME`, `${NAME}` and a leading `~` in the words on the target, as a shell would."),
        ],
        mutuallyExclusive: [["_raw_params", "cmd", "argv"]],
        requiredOneOf: [["_raw_params", "cmd", "argv"]],
        takesFreeForm: true)

    /// `shell`: a command line run by `/bin/sh` (or `executable`).
    public static let shell = ModuleSpec(
        name: "shell",
        summary: "Runs a command line through a shell on the target.",
        arguments: commandArguments + [
            ArgumentSpec("executable", .path, summary: "The shell to run the command with (default /bin/sh).")
        ],
        mutuallyExclusive: [["_raw_params", "cmd"]],
        requiredOneOf: [["_raw_params", "cmd"]],
        takesFreeForm: true)
}
