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
