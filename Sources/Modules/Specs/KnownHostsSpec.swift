extension ModuleSpec {
    /// `known_hosts`: one host's key in a known_hosts file (ansible.builtin.known_hosts).
    public static let knownHosts = ModuleSpec(
        name: "known_hosts",
        summary:
            "Adds a host's public key to a known_hosts file (replacing the host's key of the same type) or removes it; the key line must name the host as ssh would find it. Hashed names (`hash_host`) are HMAC-SHA1 made with coreutils, as `ssh-keygen -H` makes them; the target needs no ssh tools.",
        arguments: [
            ArgumentSpec(
                "name", .string, required: true, aliases: ["host"],
                summary: "The host, lower-cased, as the key line names it (`[host]:2222` for another port); one name, no list."),
            ArgumentSpec(
                "key", .string,
                summary: "The known_hosts line: `NAME[,IP] TYPE BASE64` (`@cert-authority`/`@revoked` first when marked). Required with `present`; with `absent`, only this key goes, without it every line naming the host."),
            ArgumentSpec(
                "path", .path, default: "~/.ssh/known_hosts",
                summary: "The file, created when needed (its directory must exist); owner and mode are kept when it is rewritten."),
            ArgumentSpec(
                "hash_host", .bool, default: false,
                summary: "Write the host name hashed (HMAC-SHA1 of it under a random salt), as `ssh-keygen -H` does."),
            ArgumentSpec(
                "state", .string, default: "present", choices: ["absent", "present"],
                summary: "Whether the key must be in the file."),
        ])
}
