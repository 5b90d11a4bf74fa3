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
        ] + checkedFileArguments)
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

extension ModuleSpec {
    /// `find`: files below paths that pass filters (ansible.builtin.find).
    public static let find = ModuleSpec(
        name: "find",
        summary:
            "Lists the files, directories or links below paths that match patterns, age, size, contents and mode, each with stat-like facts; never changes anything.",
        arguments: [
            ArgumentSpec(
                "paths", .list(.path), required: true, aliases: ["name", "path"], summary: "Directories to search."),
            ArgumentSpec(
                "patterns", .list(.string), default: .list([]), aliases: ["pattern"],
                summary: "Shell patterns (or Python regexps with `use_regex`) the base name must match; any one suffices."),
            ArgumentSpec(
                "excludes", .list(.string), aliases: ["exclude"], summary: "Patterns whose matches are left out."),
            ArgumentSpec(
                "contains", .string,
                summary: "A regexp a line of the file must match from its start (the whole text with `read_whole_file`); files only."),
            ArgumentSpec(
                "read_whole_file", .bool, default: false, summary: "Search `contains` anywhere in the whole text."),
            ArgumentSpec(
                "file_type", .string, default: "file", choices: ["any", "directory", "file", "link"],
                summary: "What kind of entry to return."),
            ArgumentSpec(
                "age", .string,
                summary: "At least this old (`2d`, `4w`; units s m h d w), or at most when negative (`-1h`)."),
            ArgumentSpec(
                "age_stamp", .string, default: "mtime", choices: ["atime", "ctime", "mtime"],
                summary: "Which time `age` compares."),
            ArgumentSpec(
                "size", .string,
                summary: "At least this large (`10m`; units b k m g t), or at most when negative; files only."),
            ArgumentSpec("recurse", .bool, default: false, summary: "Descend into subdirectories."),
            ArgumentSpec("hidden", .bool, default: false, summary: "Include names starting with a dot."),
            ArgumentSpec("follow", .bool, default: false, summary: "Descend into symbolic links to directories."),
            ArgumentSpec(
                "get_checksum", .bool, default: false, summary: "Add each regular file's SHA-1 as `checksum`."),
            ArgumentSpec(
                "use_regex", .bool, default: false,
                summary: "Patterns are Python regexps matched at the start of the base name, not shell patterns."),
            ArgumentSpec(
                "depth", .int, summary: "How many levels below each path to look at (with `recurse`); 0 or absent: all."),
            ArgumentSpec(
                "mode", .mode, summary: "Only entries with this mode (quoted octal or symbolic, applied to 0000)."),
            ArgumentSpec(
                "exact_mode", .bool, default: true,
                summary: "`mode` must be the whole mode; false: any of its bits suffices."),
            ArgumentSpec(
                "encoding", .string, summary: "Accepted for compatibility; `contains` reads UTF-8, or bytes."),
            ArgumentSpec("limit", .int, summary: "Stop after this many matches."),
        ])
}

extension ModuleSpec {
    /// `slurp`: a file's bytes from the target (ansible.builtin.slurp).
    public static let slurp = ModuleSpec(
        name: "slurp",
        summary:
            "Returns a file of the target base64-encoded as `content` (decode with `b64decode`); the file travels in the result, so keep it to a few megabytes.",
        arguments: [
            ArgumentSpec("src", .path, required: true, aliases: ["path"], summary: "The file to read.")
        ])

    /// `tempfile`: a new temporary file or directory (ansible.builtin.tempfile).
    public static let tempfile = ModuleSpec(
        name: "tempfile",
        summary:
            "Creates a uniquely named temporary file (mode 0600) or directory (0700) and returns its `path`; always changed, skipped in check mode.",
        arguments: [
            ArgumentSpec(
                "state", .string, default: "file", choices: ["directory", "file"], summary: "What to create."),
            ArgumentSpec(
                "path", .path, summary: "The directory to create it in; absent: the target's temporary directory."),
            ArgumentSpec("prefix", .string, default: "ansible.", summary: "The start of the name."),
            ArgumentSpec("suffix", .string, default: "", summary: "The end of the name."),
        ],
        supportsCheckMode: false)
}

extension ModuleSpec {
    /// `fetch`: a file of the target copied to the controller (ansible.builtin.fetch).
    public static let fetch = ModuleSpec(
        name: "fetch",
        summary:
            "Copies a file from the target to the controller, into `dest/<inventory_hostname>/<src>` (or `dest` itself with `flat`); skipped when the controller's copy has the same SHA-1. Files up to 64 MiB.",
        arguments: [
            ArgumentSpec("src", .string, required: true, summary: "The file on the target (not a directory)."),
            ArgumentSpec(
                "dest", .string, required: true,
                summary: "The controller directory (relative to the playbook) under which `<host>/<src>` is written."),
            ArgumentSpec(
                "flat", .bool, default: false,
                summary: "Write to `dest` itself (a path ending in `/` takes the source's base name)."),
            ArgumentSpec(
                "fail_on_missing", .bool, default: true, summary: "Fail when the source is missing or a directory."),
            ArgumentSpec(
                "validate_checksum", .bool, default: true, summary: "Check the written file's SHA-1 against the source's."),
        ],
        supportsCheckMode: false)
}

extension ModuleSpec {
    /// `assemble`: a file made of a directory's fragments (ansible.builtin.assemble).
    public static let assemble = ModuleSpec(
        name: "assemble",
        summary:
            "Concatenates the fragment files of a directory on the target, in name order, into one file, replaced only when its content differs; fragments on the controller (`remote_src: false`) are not supported.",
        arguments: [
            ArgumentSpec("src", .path, required: true, summary: "The directory of fragments."),
            ArgumentSpec("dest", .path, required: true, summary: "The file to write."),
            ArgumentSpec(
                "delimiter", .string,
                summary: "Put between fragments (escapes such as `\\n` are read); a newline is added when it does not end with one."),
            ArgumentSpec("regexp", .string, summary: "Only fragments whose name this Python regexp finds."),
            ArgumentSpec("ignore_hidden", .bool, default: false, summary: "Leave out fragments whose name starts with a dot."),
            ArgumentSpec("remote_src", .bool, default: true, summary: "The fragments are on the target (the only supported way)."),
            ArgumentSpec(
                "backup", .bool, default: false,
                summary: "Keep the old file as `dest.PID.YYYY-MM-DD@HH:MM:SS~`; returned as `backup_file`."),
            ArgumentSpec("decrypt", .bool, default: true, summary: "Accepted for compatibility; ignored."),
        ] + checkedFileArguments,
        checkModeSkipMessage: "This action (assemble) does not support check mode.")
}
