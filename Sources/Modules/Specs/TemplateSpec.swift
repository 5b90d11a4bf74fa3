extension ModuleSpec {
    /// `template`: a Jinja2 file rendered on the controller, written like `copy` writes content.
    public static let template = ModuleSpec(
        name: "template",
        summary: "Renders a Jinja2 template on the controller and writes it to the target atomically, checksum-compared.",
        arguments: [
            ArgumentSpec(
                "src", .path, required: true,
                summary: "The template on the controller, looked up in the role's templates/ and the playbook's templates/."),
            ArgumentSpec("dest", .path, required: true, summary: "Where to write the rendered file."),
            ArgumentSpec("owner", .string, summary: "Owner name or uid of the written file."),
            ArgumentSpec("group", .string, summary: "Group name or gid of the written file."),
            ArgumentSpec("mode", .mode, summary: "Mode: quoted octal `\"0644\"`, symbolic `u=rw,g=r,o=r`, or `preserve`."),
            ArgumentSpec(
                "backup", .bool, default: false,
                summary: "Keep the old file as `dest.PID.YYYY-MM-DD@HH:MM:SS~` before replacing it."),
            ArgumentSpec("force", .bool, default: true, summary: "Replace a different existing file; `false` only creates missing files."),
            ArgumentSpec(
                "validate", .string,
                summary: "Command run on the new file before it replaces dest; `%s` is its path. Failure leaves dest untouched."),
            ArgumentSpec("follow", .bool, default: false, summary: "When dest is a symbolic link, write to its target."),
            ArgumentSpec("trim_blocks", .bool, default: true, summary: "Remove the first newline after a block tag."),
            ArgumentSpec("lstrip_blocks", .bool, default: false, summary: "Strip spaces and tabs before a block tag."),
            ArgumentSpec(
                "newline_sequence", .string, default: "\n", choices: ["\n", "\r", "\r\n"],
                summary: "Line ending of the written file."),
        ])
}
