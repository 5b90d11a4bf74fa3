extension ModuleSpec {
    /// `raw`: a command line handed to the target's shell exactly as written, no module program
    /// around it (ansible.builtin.raw, for hosts where nothing else can run yet).
    public static let raw = ModuleSpec(
        name: "raw",
        summary:
            "Runs a command line through the target's shell as written, with no module program around it; always reports changed; a non-zero exit status fails the task.",
        arguments: [
            ArgumentSpec("_raw_params", .string, required: true, summary: "The command line written after the module name."),
            ArgumentSpec(
                "executable", .path,
                summary: "The shell to run the command with, as `executable -c COMMAND` (default: the remote shell)."),
        ],
        takesFreeForm: true, supportsCheckMode: false)

    /// `script`: a controller file copied to the target, run there and removed.
    public static let script = ModuleSpec(
        name: "script",
        summary:
            "Copies a script from the controller (searched like copy's src: the role's files/, the playbook's files/ and directory) to a temporary file on the target, runs it with the given arguments through the shell, and removes it.",
        arguments: [
            ArgumentSpec(
                "_raw_params", .string,
                summary: "The script's path and its arguments, written after the module name."),
            ArgumentSpec("cmd", .string, summary: "The script's path and its arguments, as an argument."),
            ArgumentSpec("chdir", .path, summary: "Change into this directory on the target first."),
            ArgumentSpec(
                "creates", .path, summary: "A path (glob) on the target that, when it exists, means the script is not run."),
            ArgumentSpec(
                "removes", .path,
                summary: "A path (glob) on the target that, when it does not exist, means the script is not run."),
            ArgumentSpec(
                "executable", .string,
                summary: "The program that runs the script (`python3`, `/bin/bash`); default: the script itself, made executable."),
            ArgumentSpec("decrypt", .bool, default: true, summary: "Accepted for compatibility (vault files are not decrypted)."),
        ],
        mutuallyExclusive: [["_raw_params", "cmd"]],
        requiredOneOf: [["_raw_params", "cmd"]],
        takesFreeForm: true)

    /// `getent`: a name service database read into the fact `getent_<database>`.
    public static let getent = ModuleSpec(
        name: "getent",
        summary:
            "Reads a name service database (passwd, group, hosts, services, …) with getent into the fact `getent_<database>`: each record's first field maps to a list of the others.",
        arguments: [
            ArgumentSpec(
                "database", .string, required: true,
                summary: "The database: passwd, shadow, group, gshadow, hosts, ahosts, services, protocols, networks, …"),
            ArgumentSpec("key", .string, summary: "The record to look up; without it, the whole database."),
            ArgumentSpec("service", .string, summary: "The NSS service to use (`getent -s`)."),
            ArgumentSpec(
                "split", .string,
                summary: "The field separator; default `:` for passwd, shadow, group and gshadow, white space otherwise."),
            ArgumentSpec("fail_key", .bool, default: true, summary: "Fail when the key is not found."),
        ])

    /// `hostname`: the host's name, running and persistent.
    public static let hostname = ModuleSpec(
        name: "hostname",
        summary:
            "Sets the host's name, both the running one and the one kept across reboots (/etc/hostname, or hostnamectl on systemd).",
        arguments: [
            ArgumentSpec("name", .string, required: true, summary: "The host name."),
            ArgumentSpec(
                "use", .string,
                choices: ["alpine", "debian", "freebsd", "generic", "macos", "macosx", "darwin", "openbsd", "openrc", "redhat", "sles", "solaris", "systemd"],
                summary: "The strategy; default: `systemd` when the host runs systemd with hostnamectl, else `debian`. `debian`, `generic` and `alpine` write /etc/hostname; the others that need another system fail."),
        ])
}
