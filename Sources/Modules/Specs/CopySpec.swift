extension ModuleSpec {
    /// `copy`: files from the controller (or the target) to the target, written atomically.
    public static let copy = ModuleSpec(
        name: "copy",
        summary: "Copies a file, a directory tree or given content to the target; atomic, checksum-compared.",
        arguments: [
            ArgumentSpec(
                "src", .path,
                summary: "A file or directory on the controller (looked up in files/ dirs); a trailing `/` copies a directory's contents."),
            ArgumentSpec(
                "content", .raw,
                summary: "The file's content, instead of `src`; a list or dictionary is written as JSON, as Ansible does."),
            ArgumentSpec(
                "dest", .path, required: true,
                summary: "Where to write; a directory (existing, or ending in `/`) receives `basename(src)`."),
            ArgumentSpec("owner", .string, summary: "Owner name or uid of the written file."),
            ArgumentSpec("group", .string, summary: "Group name or gid of the written file."),
            ArgumentSpec("mode", .mode, summary: "Mode: quoted octal `\"0644\"`, symbolic `u=rw,g=r,o=r`, or `preserve`."),
            ArgumentSpec("directory_mode", .mode, summary: "Mode of directories created by a recursive copy."),
            ArgumentSpec(
                "backup", .bool, default: false,
                summary: "Keep the old file as `dest.PID.YYYY-MM-DD@HH:MM:SS~` before replacing it."),
            ArgumentSpec(
                "force", .bool, default: true, aliases: ["thirsty"],
                summary: "Replace a different existing file; `false` only creates missing files."),
            ArgumentSpec(
                "validate", .string,
                summary: "Command run on the new file before it replaces dest; `%s` is its path. Failure leaves dest untouched."),
            ArgumentSpec(
                "remote_src", .bool, default: false, summary: "`src` is a path on the target, not on the controller."),
            ArgumentSpec(
                "follow", .bool, default: false, summary: "When dest is a symbolic link, write to its target."),
            ArgumentSpec(
                "local_follow", .bool, default: true, summary: "Follow symbolic links in `src` on the controller."),
            ArgumentSpec("checksum", .string, summary: "Expected SHA-1 of the source; the copy fails on a mismatch."),
            ArgumentSpec(
                "unsafe_writes", .bool, default: false,
                summary: "Accepted for compatibility; writes are always atomic."),
        ],
        mutuallyExclusive: [["src", "content"]],
        requiredOneOf: [["src", "content"]])
}
