extension ModuleSpec {
    /// The attributes and the `validate` check of a file written by temp file and rename: one
    /// declaration for every module that writes a whole file so (lineinfile, blockinfile,
    /// replace, assemble), as Ansible's `files` and `validate` fragments are shared.
    static let checkedFileArguments: [ArgumentSpec] = [
        ArgumentSpec("owner", .string, summary: "Owner name or uid of the file."),
        ArgumentSpec("group", .string, summary: "Group name or gid of the file."),
        ArgumentSpec("mode", .mode, summary: "Mode: quoted octal `\"0644\"` or symbolic `u=rw,g=r,o=r`."),
        ArgumentSpec(
            "validate", .string,
            summary: "Command run on the new text before it replaces the file; `%s` is its path. Failure leaves the file untouched."),
        ArgumentSpec(
            "unsafe_writes", .bool, default: false, summary: "Accepted for compatibility; writes are always atomic."),
    ]
}
