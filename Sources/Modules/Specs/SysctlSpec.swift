import Values

extension ModuleSpec {
    /// `sysctl`: one kernel parameter in a sysctl file and optionally in the running kernel
    /// (ansible.posix.sysctl).
    public static let sysctl = ModuleSpec(
        name: "sysctl",
        aliases: ["ansible.posix.sysctl"],
        summary:
            "Sets a kernel parameter in a sysctl file (rewritten as ansible.posix writes it: `KEY=VALUE` lines, a key's later lines dropped) or removes it, then runs `sysctl -p FILE`; with `sysctl_set` the running value (what `sysctl -n` reads) is set with `sysctl -w` too. Values are compared word by word; `yes`/`no`-like words are 1 and 0. In a container /proc/sys is usually read-only: use `reload: false` there.",
        arguments: [
            ArgumentSpec("name", .string, required: true, aliases: ["key"], summary: "The parameter, dot-separated (`net.ipv4.ip_forward`)."),
            ArgumentSpec("value", .string, aliases: ["val"], summary: "Its value; needed with `state: present`."),
            ArgumentSpec(
                "state", .string, default: "present", choices: ["absent", "present"],
                summary: "Whether the parameter has a line in the file."),
            ArgumentSpec(
                "reload", .bool, default: true,
                summary: "Run `sysctl -p FILE` after a change; also a change when the file is right but the running value is not."),
            ArgumentSpec("sysctl_file", .path, default: "/etc/sysctl.conf", summary: "The file."),
            ArgumentSpec(
                "sysctl_set", .bool, default: false,
                summary: "Compare the running value as well and set it with `sysctl -w` when it differs."),
            ArgumentSpec(
                "ignoreerrors", .bool, default: false,
                summary: "Pass `-e` to sysctl: unknown keys are not errors."),
        ],
        requiredIf: [(argument: "state", value: .string("present"), requires: ["value"])])
}
