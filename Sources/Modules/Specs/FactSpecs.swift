extension ModuleSpec {
    /// `service_facts`: every service the host knows, as the fact `services`.
    public static let serviceFacts = ModuleSpec(
        name: "service_facts",
        summary:
            "Sets the fact `services`: every systemd service unit (name, state running/stopped/…, status enabled/disabled/static/masked/…, source systemd) and every SysV init script that `service --status-all` lists (source sysv), as Ansible's service_facts does.",
        arguments: [])

    /// `package_facts`: the installed packages, as the fact `packages`.
    public static let packageFacts = ModuleSpec(
        name: "package_facts",
        summary:
            "Sets the fact `packages`: each installed package's name mapped to a list of its installed versions (name, version, arch, category, origin, source), read from the dpkg database. Only the dpkg/apt manager is known; `origin` is the package's own Origin field (apt's release origin is not looked up).",
        arguments: [
            ArgumentSpec(
                "manager", .list(.string), default: ["auto"],
                summary: "The package managers to ask: `auto` or `apt` (the dpkg database)."),
            ArgumentSpec(
                "strategy", .string, default: "first", choices: ["all", "first"],
                summary: "With several managers: the first that works, or all of them."),
        ])
}
