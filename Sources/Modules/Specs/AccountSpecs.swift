extension ModuleSpec {
    /// `user`: local accounts through useradd, usermod and userdel (ansible.builtin.user on Linux).
    public static let user = ModuleSpec(
        name: "user",
        summary: "Creates, changes and removes local user accounts with useradd, usermod and userdel; changes only what differs.",
        arguments: [
            ArgumentSpec("name", .string, required: true, aliases: ["user"], summary: "The account name."),
            ArgumentSpec(
                "state", .string, default: "present", choices: ["absent", "present"],
                summary: "Whether the account must exist."),
            ArgumentSpec("uid", .int, summary: "The user id."),
            ArgumentSpec("non_unique", .bool, default: false, summary: "Allow a uid another account already has (`-o`)."),
            ArgumentSpec("group", .string, summary: "The primary group, by name or gid; it must exist."),
            ArgumentSpec(
                "groups", .list(.string),
                summary: "Supplementary groups; they must exist. An empty list removes all (unless `append`)."),
            ArgumentSpec(
                "append", .bool, default: false,
                summary: "Add the account to `groups` without removing it from others."),
            ArgumentSpec("comment", .string, summary: "The GECOS field, usually the full name."),
            ArgumentSpec("home", .path, summary: "The home directory."),
            ArgumentSpec("shell", .path, summary: "The login shell."),
            ArgumentSpec(
                "create_home", .bool, default: true, aliases: ["createhome"],
                summary: "Create the home directory (from /etc/skel) when the account is made or its home is missing."),
            ArgumentSpec(
                "move_home", .bool, default: false,
                summary: "When `home` changes, move the old home's contents there (`usermod -m`)."),
            ArgumentSpec("system", .bool, default: false, summary: "Create a system account (`useradd -r`)."),
            ArgumentSpec(
                "password", .string, noLog: true,
                summary: "The password HASH (as in /etc/shadow, e.g. from `password_hash('sha512')`); set through chpasswd's stdin, never a command line."),
            ArgumentSpec(
                "password_lock", .bool, summary: "Lock (`true`) or unlock (`false`) the password."),
            ArgumentSpec(
                "update_password", .string, default: "always", choices: ["always", "on_create"],
                summary: "`always` sets `password` when it differs; `on_create` only for a new account."),
            ArgumentSpec(
                "expires", .float,
                summary: "Account expiry in seconds since 1970 (UTC, compared by day); a negative value removes the expiry."),
            ArgumentSpec(
                "remove", .bool, default: false,
                summary: "With `state: absent`, remove the home directory and mail spool too (`userdel -r`)."),
            ArgumentSpec(
                "force", .bool, default: false,
                summary: "With `state: absent`, remove the account even while it is logged in (`userdel -f`); with `generate_ssh_key`, replace an existing key."),
            ArgumentSpec(
                "generate_ssh_key", .bool, default: false,
                summary: "Make an SSH key pair for the account with ssh-keygen unless one is there (without a passphrase)."),
            ArgumentSpec("ssh_key_type", .string, default: "rsa", summary: "The key type ssh-keygen makes (`-t`)."),
            ArgumentSpec("ssh_key_bits", .int, default: 0, summary: "The key size (`-b`); 0 leaves it to ssh-keygen."),
            ArgumentSpec(
                "ssh_key_file", .path,
                summary: "The private key's path, absolute or under the home directory (default `.ssh/id_TYPE`)."),
            ArgumentSpec(
                "ssh_key_comment", .string,
                summary: "The key's comment (default `ansible-generated on HOSTNAME`, the target's name)."),
        ])

    /// `group`: local groups through groupadd, groupmod and groupdel (ansible.builtin.group).
    public static let group = ModuleSpec(
        name: "group",
        summary: "Creates, changes the gid of and removes local groups with groupadd, groupmod and groupdel.",
        arguments: [
            ArgumentSpec("name", .string, required: true, summary: "The group name."),
            ArgumentSpec(
                "state", .string, default: "present", choices: ["absent", "present"],
                summary: "Whether the group must exist."),
            ArgumentSpec("gid", .int, summary: "The group id."),
            ArgumentSpec("non_unique", .bool, default: false, summary: "Allow a gid another group already has (`-o`)."),
            ArgumentSpec("system", .bool, default: false, summary: "Create a system group (`groupadd -r`)."),
            ArgumentSpec(
                "force", .bool, default: false,
                summary: "With `state: absent`, remove the group even when it is a user's primary group (`groupdel -f`)."),
        ])
}
