extension ModuleSpec {
    /// `authorized_key`: keys in a user's authorized_keys file (ansible.posix.authorized_key,
    /// which ansible-core's `authorized_key` routes to).
    public static let authorizedKey = ModuleSpec(
        name: "authorized_key",
        aliases: ["ansible.posix.authorized_key"],
        summary:
            "Adds SSH public keys to a user's authorized_keys file or removes them, as ansible.posix does: a key is known by its base64 blob; a present key whose type, options (in any order) or comment differ is replaced by the new line, which goes after the file's other lines; `exclusive` removes every other line. The file is written 0600 and owned by the user. Keys from a URL are refused: the target does not fetch them; read them on the controller (e.g. `lookup('file', …)`).",
        arguments: [
            ArgumentSpec("user", .string, required: true, summary: "Whose file; the user must exist (in check mode a `path` is enough)."),
            ArgumentSpec(
                "key", .string, required: true,
                summary: "One or more public keys, one per line, `[OPTIONS] TYPE BASE64 [COMMENT]`; blank lines and lines starting with `#` are skipped."),
            ArgumentSpec(
                "path", .path,
                summary: "Another file than `~USER/.ssh/authorized_keys`; `~` is the remote user's home."),
            ArgumentSpec(
                "manage_dir", .bool, default: true,
                summary: "Create the file's directory (0700) and make it the user's, mode 0700, when the file is written. Set to false with a `path` whose directory is not the user's."),
            ArgumentSpec(
                "state", .string, default: "present", choices: ["absent", "present"],
                summary: "Whether the keys must be in the file."),
            ArgumentSpec(
                "key_options", .string,
                summary: "Options for every key (`no-pty,from=\"10.0.0.0/8\"`), instead of those written before the key."),
            ArgumentSpec(
                "exclusive", .bool, default: false,
                summary: "Remove every other line, comments included, with `present`."),
            ArgumentSpec("comment", .string, summary: "The comment of every key, instead of the key's own."),
            ArgumentSpec(
                "follow", .bool, default: false,
                summary: "When the file is a symbolic link, write the file it points to instead of replacing the link."),
            ArgumentSpec(
                "validate_certs", .bool, default: true,
                summary: "Accepted for compatibility: keys from a URL are refused, so nothing is fetched."),
        ])
}
