extension ModuleSpec {
    /// `systemd` (alias `systemd_service`): units through systemctl.
    public static let systemd = ModuleSpec(
        name: "systemd", aliases: ["systemd_service"],
        summary: "Starts, stops, restarts, reloads, enables and masks systemd units.",
        arguments: [
            ArgumentSpec("name", .string, aliases: ["service", "unit"], summary: "The unit (`.service` may be left out)."),
            ArgumentSpec(
                "state", .string, choices: ["reloaded", "restarted", "started", "stopped"],
                summary: "`started`/`stopped` act only when needed; `restarted`/`reloaded` always act."),
            ArgumentSpec("enabled", .bool, summary: "Whether the unit starts on boot."),
            ArgumentSpec("force", .bool, summary: "Override existing symlinks when enabling or masking."),
            ArgumentSpec("masked", .bool, summary: "Whether the unit is masked (cannot be started)."),
            ArgumentSpec(
                "daemon_reload", .bool, default: false, aliases: ["daemon-reload"],
                summary: "Run `systemctl daemon-reload` before anything else."),
            ArgumentSpec(
                "daemon_reexec", .bool, default: false, aliases: ["daemon-reexec"],
                summary: "Run `systemctl daemon-reexec` before anything else."),
            ArgumentSpec(
                "scope", .string, default: "system", choices: ["system", "user", "global"],
                summary: "Which manager: the system's, the connecting user's, or all users' (enable only)."),
            ArgumentSpec("no_block", .bool, default: false, summary: "Do not wait for the job to finish (`--no-block`)."),
        ],
        requiredOneOf: [["state", "enabled", "masked", "daemon_reload", "daemon_reexec"]],
        requiredBy: [("state", ["name"]), ("enabled", ["name"]), ("masked", ["name"])])

    /// `service`: on systemd hosts the same program as `systemd`.
    public static let service = ModuleSpec(
        name: "service",
        summary: "Starts, stops, restarts, reloads and enables services (systemd hosts).",
        arguments: [
            ArgumentSpec("name", .string, required: true, summary: "The service."),
            ArgumentSpec(
                "state", .string, choices: ["reloaded", "restarted", "started", "stopped"],
                summary: "`started`/`stopped` act only when needed; `restarted`/`reloaded` always act."),
            ArgumentSpec("enabled", .bool, summary: "Whether the service starts on boot."),
            ArgumentSpec("sleep", .int, summary: "Accepted for compatibility: systemd restarts in one step."),
            ArgumentSpec("pattern", .string, summary: "Accepted for compatibility: systemd knows whether a unit runs."),
            ArgumentSpec(
                "arguments", .string, aliases: ["args"], summary: "Accepted for compatibility: systemd units take none."),
            ArgumentSpec("runlevel", .string, summary: "Accepted for compatibility; ignored on systemd hosts."),
            ArgumentSpec("use", .string, default: "auto", summary: "Accepted for compatibility; systemd is used."),
        ],
        requiredOneOf: [["state", "enabled"]])
}
