extension ModuleSpec {
    /// `apt`: Debian packages through apt-get and dpkg (ansible.builtin.apt).
    public static let apt = ModuleSpec(
        name: "apt",
        summary: "Installs, upgrades and removes Debian packages with apt-get; waits for the dpkg lock.",
        arguments: [
            ArgumentSpec(
                "name", .list(.string), aliases: ["package", "pkg"],
                summary: "Package names, optionally pinned to a version: `nginx`, `foo=1.2*`."),
            ArgumentSpec(
                "state", .string, default: "present", choices: ["absent", "present", "latest", "fixed"],
                summary: "`present` installs, `latest` upgrades, `absent` removes, `fixed` repairs broken dependencies."),
            ArgumentSpec(
                "update_cache", .bool, aliases: ["update-cache"], summary: "Run `apt-get update` first."),
            ArgumentSpec(
                "update_cache_retries", .int, default: 5, summary: "How often a failing `apt-get update` is retried."),
            ArgumentSpec(
                "update_cache_retry_max_delay", .int, default: 12,
                summary: "Longest pause in seconds between update retries (doubling from 1)."),
            ArgumentSpec(
                "cache_valid_time", .int, default: 0,
                summary: "Update the package lists only when they are older than this many seconds; implies update_cache."),
            ArgumentSpec("purge", .bool, default: false, summary: "Remove configuration files too (`--purge`)."),
            ArgumentSpec(
                "default_release", .string, aliases: ["default-release"],
                summary: "Target release for installs (`-t`)."),
            ArgumentSpec(
                "install_recommends", .bool, aliases: ["install-recommends"],
                summary: "Install recommended packages; absent means the system's apt configuration decides."),
            ArgumentSpec(
                "force", .bool, default: false,
                summary: "Allow unauthenticated packages, downgrades and held or essential package changes."),
            ArgumentSpec("clean", .bool, default: false, summary: "Remove all downloaded package files (`apt-get clean`)."),
            ArgumentSpec(
                "allow_unauthenticated", .bool, default: false, aliases: ["allow-unauthenticated"],
                summary: "Install packages that cannot be authenticated."),
            ArgumentSpec(
                "allow_downgrade", .bool, default: false,
                aliases: ["allow-downgrade", "allow_downgrades", "allow-downgrades"],
                summary: "Allow installing an older version than the installed one."),
            ArgumentSpec(
                "allow_change_held_packages", .bool, default: false,
                summary: "Allow changing packages that are on hold."),
            ArgumentSpec(
                "upgrade", .string, default: "no", choices: ["no", "yes", "safe", "full", "dist"],
                summary: "Upgrade installed packages: `yes`/`safe` (apt-get upgrade --with-new-pkgs), `full`/`dist` (dist-upgrade)."),
            ArgumentSpec(
                "dpkg_options", .string, default: "force-confdef,force-confold",
                summary: "Comma-separated dpkg options, each passed as `-o Dpkg::Options::=--OPTION`."),
            ArgumentSpec("deb", .path, summary: "A .deb file to install: on the controller (uploaded) or on the target."),
            ArgumentSpec(
                "autoremove", .bool, default: false, summary: "Remove packages no longer needed as dependencies."),
            ArgumentSpec("autoclean", .bool, default: false, summary: "Remove package files that can no longer be downloaded."),
            ArgumentSpec(
                "policy_rc_d", .int,
                summary: "Exit code of a temporary /usr/sbin/policy-rc.d while apt runs (101 keeps services from starting)."),
            ArgumentSpec(
                "only_upgrade", .bool, default: false, summary: "Only upgrade packages that are already installed."),
            ArgumentSpec(
                "fail_on_autoremove", .bool, default: false,
                summary: "Fail instead of removing packages apt would autoremove while installing."),
            ArgumentSpec(
                "force_apt_get", .bool, default: false, summary: "Accepted for compatibility: apt-get is always used."),
            ArgumentSpec(
                "lock_timeout", .int, default: 60,
                summary: "Seconds to wait for the dpkg and apt locks held by another process before failing."),
        ],
        mutuallyExclusive: [["deb", "name", "upgrade"]],
        requiredOneOf: [["autoremove", "deb", "name", "update_cache", "upgrade", "autoclean", "clean", "cache_valid_time"]])
}
