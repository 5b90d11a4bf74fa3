extension ModuleSpec {
    /// `apt_repository`: one line of APT's one-line sources (ansible.builtin.apt_repository).
    public static let aptRepository = ModuleSpec(
        name: "apt_repository",
        summary:
            "Adds a `deb`/`deb-src` line to APT's sources or removes it, looking in /etc/apt/sources.list and every /etc/apt/sources.list.d/*.list file: a line already in any file (its words compared, options included) is left alone, a commented-out copy is enabled, a new line goes to its own file; `absent` removes every enabled copy and deletes a file left empty. A changed file is rewritten as ansible-core writes it. After a change the package lists are updated. The target needs no Python: `install_python_apt` is accepted and nothing is installed. `ppa:` lines need Launchpad's API for their signing key and are refused when they would be added (PPAs are Ubuntu's; on Debian give the deb line and its key).",
        arguments: [
            ArgumentSpec(
                "repo", .string, required: true,
                summary: "The source line, `deb [OPTIONS] URI SUITE [COMPONENT…]` or `deb-src …`, or `ppa:OWNER/NAME`."),
            ArgumentSpec(
                "state", .string, default: "present", choices: ["absent", "present"],
                summary: "Whether the line must be among the enabled sources."),
            ArgumentSpec(
                "filename", .string,
                summary: "The file a new line goes to, without `.list`: a name is taken in /etc/apt/sources.list.d. By default the repository's host and path with other characters than letters and digits as `_` (`deb http://deb.example.org/debian bookworm main` → `deb_example_org_debian.list`)."),
            ArgumentSpec(
                "mode", .mode,
                summary: "The mode of the file a line is added to. A new file otherwise gets 0644 (0666 less the umask); an existing one keeps its mode."),
            ArgumentSpec(
                "update_cache", .bool, default: true, aliases: ["update-cache"],
                summary: "Run `apt-get update` after a change; when it keeps failing, the sources are put back and the task fails."),
            ArgumentSpec(
                "update_cache_retries", .int, default: 5,
                summary: "How many times `apt-get update` is tried."),
            ArgumentSpec(
                "update_cache_retry_max_delay", .int, default: 12,
                summary: "The longest wait between tries, in seconds (the waits double from 1)."),
            ArgumentSpec(
                "codename", .string,
                summary: "The release codename a `ppa:` line is expanded with (default: the target's)."),
            ArgumentSpec(
                "validate_certs", .bool, default: true,
                summary: "Accepted for compatibility: the line is not fetched, so there is nothing to validate."),
            ArgumentSpec(
                "install_python_apt", .bool, default: true,
                summary: "Accepted for compatibility: the module needs no Python on the target, so nothing is installed."),
        ])
}
