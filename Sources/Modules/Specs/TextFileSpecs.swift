extension ModuleSpec {
    /// Arguments both in-place text editors share with Ansible's `files` and `validate` fragments.
    private static let textFileArguments: [ArgumentSpec] = [
        ArgumentSpec(
            "create", .bool, default: false,
            summary: "Create the file (and missing parent directories) when it does not exist; otherwise a missing file fails."),
        ArgumentSpec(
            "backup", .bool, default: false,
            summary: "Keep the old file as `path.PID.YYYY-MM-DD@HH:MM:SS~` before changing it."),
    ] + checkedFileArguments

    /// `lineinfile`: one line present or absent in a text file (ansible.builtin.lineinfile).
    public static let lineinfile = ModuleSpec(
        name: "lineinfile",
        summary:
            "Ensures one line is in a text file (added, or replacing the last line a regexp or string matches) or absent; Perl-compatible regexps (the target needs perl-base, Essential on Debian and Ubuntu).",
        arguments: [
            ArgumentSpec(
                "path", .path, required: true, aliases: ["dest", "destfile", "name"], summary: "The file to edit."),
            ArgumentSpec(
                "regexp", .string, aliases: ["regex"],
                summary: "Searched in every line: `present` replaces the last matching line, `absent` removes every matching line."),
            ArgumentSpec(
                "search_string", .string,
                summary: "A literal string searched in every line, used like `regexp`."),
            ArgumentSpec(
                "line", .string, aliases: ["value"],
                summary: "The line to insert or to replace the match with; with `backrefs`, `\\1` and `\\g<name>` are filled from the match."),
            ArgumentSpec(
                "state", .string, default: "present", choices: ["absent", "present"],
                summary: "Whether the line must be there."),
            ArgumentSpec(
                "insertafter", .string,
                summary: "Without a match: insert after the last line this regexp matches, or at `EOF` (also when it matches nothing)."),
            ArgumentSpec(
                "insertbefore", .string,
                summary: "Without a match: insert before the last line this regexp matches, or at `BOF`; EOF when it matches nothing."),
            ArgumentSpec(
                "backrefs", .bool, default: false,
                summary: "Expand backreferences in `line`; when `regexp` matches nothing the file is left unchanged."),
            ArgumentSpec(
                "firstmatch", .bool, default: false,
                summary: "Use the first line `insertafter`/`insertbefore` (and `regexp`) matches instead of the last."),
        ] + textFileArguments,
        mutuallyExclusive: [["insertbefore", "insertafter"], ["regexp", "search_string"], ["backrefs", "search_string"]],
        requiredIf: [("state", "present", ["line"])])

    /// `blockinfile`: a marked block of lines in a text file (ansible.builtin.blockinfile).
    public static let blockinfile = ModuleSpec(
        name: "blockinfile",
        summary:
            "Inserts, updates or removes a block of lines between marker lines in a text file; Perl-compatible regexps (the target needs perl-base).",
        arguments: [
            ArgumentSpec(
                "path", .path, required: true, aliases: ["dest", "destfile", "name"], summary: "The file to edit."),
            ArgumentSpec(
                "block", .string, default: "", aliases: ["content"],
                summary: "The lines between the markers; empty removes the block and its markers."),
            ArgumentSpec(
                "marker", .string, default: "# {mark} ANSIBLE MANAGED BLOCK",
                summary: "The marker line; `{mark}` becomes `marker_begin` or `marker_end`. Give each block its own."),
            ArgumentSpec("marker_begin", .string, default: "BEGIN", summary: "What `{mark}` is in the first marker."),
            ArgumentSpec("marker_end", .string, default: "END", summary: "What `{mark}` is in the last marker."),
            ArgumentSpec(
                "state", .string, default: "present", choices: ["absent", "present"],
                summary: "Whether the block must be there."),
            ArgumentSpec(
                "insertafter", .string,
                summary: "Without markers in the file: insert after the last line this regexp matches, or at `EOF` (also when it matches nothing). A leading `(?m)` searches the whole text."),
            ArgumentSpec(
                "insertbefore", .string,
                summary: "Without markers in the file: insert before the last line this regexp matches, or at `BOF`; EOF when it matches nothing."),
            ArgumentSpec(
                "append_newline", .bool, default: false,
                summary: "Add a blank line after the block unless one follows it or it ends the file."),
            ArgumentSpec(
                "prepend_newline", .bool, default: false,
                summary: "Add a blank line before the block unless one precedes it or it starts the file."),
        ] + textFileArguments,
        mutuallyExclusive: [["insertbefore", "insertafter"]])
}
