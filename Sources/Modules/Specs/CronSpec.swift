extension ModuleSpec {
    /// `cron`: one named entry of a user's crontab or of a file in /etc/cron.d, marked with
    /// Ansible's `#Ansible: NAME` comment so crontabs Ansible manages are managed here too.
    public static let cron = ModuleSpec(
        name: "cron",
        summary:
            "Adds, updates or removes a named cron job (the line after its `#Ansible: NAME` comment) or an environment variable in a user's crontab (through `crontab`, which must be installed) or in a cron file such as /etc/cron.d/NAME.",
        arguments: [
            ArgumentSpec(
                "name", .string, required: true,
                summary: "The job's description (its `#Ansible:` comment), or with `env` the variable's name."),
            ArgumentSpec("user", .string, summary: "Whose crontab; needed with `cron_file` (the file's user column)."),
            ArgumentSpec(
                "job", .string, aliases: ["value"],
                summary: "The command to run, or with `env` the variable's value; needed with `state: present`."),
            ArgumentSpec("state", .string, default: "present", choices: ["absent", "present"], summary: "Whether the entry exists."),
            ArgumentSpec(
                "cron_file", .path,
                summary: "A cron file instead of the user's crontab; a relative name is taken in /etc/cron.d. A file left with no entries is removed."),
            ArgumentSpec(
                "backup", .bool, default: false,
                summary: "Keep a copy of the crontab before the change (returned as `backup_file`)."),
            ArgumentSpec("minute", .string, default: "*", summary: "Minute (0-59, *, */2, …)."),
            ArgumentSpec("hour", .string, default: "*", summary: "Hour (0-23, *, */2, …)."),
            ArgumentSpec("day", .string, default: "*", aliases: ["dom"], summary: "Day of the month (1-31, *, */2, …)."),
            ArgumentSpec("month", .string, default: "*", summary: "Month (1-12, *, */2, …)."),
            ArgumentSpec("weekday", .string, default: "*", aliases: ["dow"], summary: "Day of the week (0-6 for Sunday-Saturday, *, …)."),
            ArgumentSpec(
                "special_time", .string,
                choices: ["annually", "daily", "hourly", "monthly", "reboot", "weekly", "yearly"],
                summary: "A special time (`@daily`) instead of the five time fields."),
            ArgumentSpec("disabled", .bool, default: false, summary: "Keep the job, commented out."),
            ArgumentSpec("env", .bool, default: false, summary: "Manage an environment variable (`NAME=\"job\"`) instead of a job."),
            ArgumentSpec(
                "insertafter", .string, summary: "With `env`: put a new variable after this variable's line."),
            ArgumentSpec(
                "insertbefore", .string, summary: "With `env`: put a new variable before this variable's line."),
        ],
        mutuallyExclusive: [["insertafter", "insertbefore"]])
}
