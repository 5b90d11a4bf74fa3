extension ModuleSpec {
    /// `file`: paths, their kind, owner and mode.
    public static let file = ModuleSpec(
        name: "file",
        summary: "Creates, removes and sets owner and mode of files, directories and links.",
        arguments: [
            ArgumentSpec("path", .path, required: true, aliases: ["dest", "name"], summary: "The path to manage."),
            ArgumentSpec(
                "state", .string, choices: ["absent", "directory", "file", "hard", "link", "touch"],
                summary: "What the path must be; absent means its current kind (`file` for a missing path)."),
            ArgumentSpec("src", .path, summary: "The target of a `link` or `hard` link."),
            ArgumentSpec("owner", .string, summary: "Owner name or uid."),
            ArgumentSpec("group", .string, summary: "Group name or gid."),
            ArgumentSpec("mode", .mode, summary: "Mode: quoted octal `\"0755\"` or symbolic `u=rwX,g=rX,o=rX`."),
            ArgumentSpec(
                "recurse", .bool, default: false, summary: "Apply owner, group and mode to everything below a directory."),
            ArgumentSpec(
                "force", .bool, default: false, summary: "Replace an existing file or directory by a link."),
            ArgumentSpec(
                "follow", .bool, default: true, summary: "Act on the target of a symbolic link, not the link."),
            ArgumentSpec(
                "unsafe_writes", .bool, default: false, summary: "Accepted for compatibility; ignored."),
        ],
        requiredIf: [("state", "link", ["src"]), ("state", "hard", ["src"])],
        requiredBy: [("recurse", ["state"])])

    /// `stat`: facts about one path.
    public static let stat = ModuleSpec(
        name: "stat",
        summary: "Reports whether a path exists and its kind, owner, mode, size, times and checksum.",
        arguments: [
            ArgumentSpec("path", .path, required: true, aliases: ["dest", "name"], summary: "The path to look at."),
            ArgumentSpec("follow", .bool, default: false, summary: "Report on the target of a symbolic link."),
            ArgumentSpec("get_checksum", .bool, default: true, summary: "Compute the file's checksum."),
            ArgumentSpec(
                "checksum_algorithm", .string, default: "sha1",
                choices: ["md5", "sha1", "sha224", "sha256", "sha384", "sha512"],
                aliases: ["checksum", "checksum_algo"], summary: "Which checksum."),
            ArgumentSpec(
                "get_mime", .bool, default: true, aliases: ["mime", "mime_type", "mime-type"],
                summary: "Report `mimetype` and `charset` (when the target has the `file` program)."),
            ArgumentSpec(
                "get_attributes", .bool, default: true, aliases: ["attr", "attributes"],
                summary: "Report file attributes (when the target has `lsattr`)."),
        ])

    /// `ping`: the connection and the shell work.
    public static let ping = ModuleSpec(
        name: "ping",
        summary: "Checks that the host can be reached and runs programs; returns `pong`.",
        arguments: [
            ArgumentSpec("data", .string, default: "pong", summary: "What to return; `crash` makes the module fail.")
        ])
}
