extension ModuleSpec {
    /// `replace`: every match of a regexp in a text file replaced (ansible.builtin.replace).
    public static let replace = ModuleSpec(
        name: "replace",
        summary:
            "Replaces every match of a regular expression in a file (Python's re.MULTILINE semantics: `^` and `$` match at each line); Perl-compatible regexps (the target needs perl-base).",
        arguments: [
            ArgumentSpec(
                "path", .path, required: true, aliases: ["dest", "destfile", "name"], summary: "The file to edit."),
            ArgumentSpec(
                "regexp", .string, required: true,
                summary: "What to replace; searched in the whole text, `^`/`$` matching at every line, `.` not matching a newline."),
            ArgumentSpec(
                "replace", .string, default: "",
                summary: "What each match becomes; `\\1`, `\\g<1>` and `\\g<name>` are filled from the match. Empty removes the match."),
            ArgumentSpec(
                "after", .string,
                summary: "Only replace in the text after the first match of this regexp (`.` matches newlines here)."),
            ArgumentSpec(
                "before", .string,
                summary: "Only replace in the text before this regexp's match (with `after`: the first such section after it)."),
            ArgumentSpec(
                "backup", .bool, default: false,
                summary: "Keep the old file as `path.PID.YYYY-MM-DD@HH:MM:SS~` before changing it; returned as `backup_file`."),
            ArgumentSpec(
                "encoding", .string, default: "utf-8",
                summary: "How the file's text is encoded: `utf-8` (regexps see characters) or `latin-1`/`ascii` (bytes)."),
            ArgumentSpec("owner", .string, summary: "Owner name or uid of the file."),
            ArgumentSpec("group", .string, summary: "Group name or gid of the file."),
            ArgumentSpec("mode", .mode, summary: "Mode: quoted octal `\"0644\"` or symbolic `u=rw,g=r,o=r`."),
            ArgumentSpec(
                "validate", .string,
                summary: "Command run on the new text before it replaces the file; `%s` is its path. Failure leaves the file untouched."),
            ArgumentSpec(
                "unsafe_writes", .bool, default: false, summary: "Accepted for compatibility; writes are always atomic."),
        ])
}

extension ModuleSpec {
    /// `unarchive`: an archive unpacked into an existing directory (ansible.builtin.unarchive).
    public static let unarchive = ModuleSpec(
        name: "unarchive",
        summary:
            "Unpacks a tar (plain, gz, bz2, xz, zst: GNU tar and the compressor on the target) or zip (the target needs unzip) archive from the controller or the target into an existing directory; unpacks again only when a member is missing or differs.",
        arguments: [
            ArgumentSpec(
                "src", .path, required: true,
                summary: "The archive: a file on the controller (looked up like `copy`'s src), or on the target with `remote_src`."),
            ArgumentSpec("dest", .path, required: true, summary: "The existing directory to unpack into."),
            ArgumentSpec("remote_src", .bool, default: false, summary: "`src` is already on the target."),
            ArgumentSpec("copy", .bool, summary: "Old spelling of `remote_src: false` (`copy: false` means `remote_src: true`)."),
            ArgumentSpec("creates", .path, summary: "Skip the task when this path exists on the target."),
            ArgumentSpec("list_files", .bool, default: false, summary: "Return the archive's members as `files`."),
            ArgumentSpec(
                "keep_newer", .bool, default: false,
                summary: "Do not replace files newer than their copy in the archive (tar's --keep-newer-files)."),
            ArgumentSpec(
                "exclude", .list(.string), default: .list([]),
                summary: "Members (shell patterns) not to unpack; excluded members are not compared either."),
            ArgumentSpec("include", .list(.string), default: .list([]), summary: "Only these members are unpacked."),
            ArgumentSpec(
                "extra_opts", .list(.string), default: .list([]),
                summary: "More options for tar or unzip, one word per item (`--strip-components=1`)."),
            ArgumentSpec("owner", .string, summary: "Owner name or uid of every unpacked member."),
            ArgumentSpec("group", .string, summary: "Group name or gid of every unpacked member."),
            ArgumentSpec(
                "mode", .mode,
                summary: "Mode of every unpacked member and top folder: quoted octal or symbolic (`u=rwX,g=rX,o=rX`)."),
            ArgumentSpec("decrypt", .bool, default: true, summary: "Accepted for compatibility; vault files are not decrypted."),
            ArgumentSpec("validate_certs", .bool, default: true, summary: "Accepted for compatibility; URL sources are not supported."),
            ArgumentSpec("io_buffer_size", .int, default: 65536, summary: "Accepted for compatibility; ignored."),
            ArgumentSpec(
                "unsafe_writes", .bool, default: false, summary: "Accepted for compatibility; ignored."),
        ],
        mutuallyExclusive: [["include", "exclude"], ["copy", "remote_src"]])
}
