extension ModuleSpec {
    /// `wait_for`: a condition on the target, polled until it holds (ansible.builtin.wait_for).
    public static let waitFor = ModuleSpec(
        name: "wait_for",
        summary:
            "Waits on the target until a port opens or closes, a file appears (holding a regexp) or disappears, or a port's connections drain; never changes anything. A loopback or wildcard host is checked in /proc/net/tcp{,6} without connecting; other hosts and search_regex on a port need perl (perl-base, Essential on Debian and Ubuntu) or nc; drained understands IPv4, loopback and localhost addresses.",
        arguments: [
            ArgumentSpec(
                "host", .string, default: "127.0.0.1",
                summary: "The host to connect to, as seen from the target."),
            ArgumentSpec("port", .int, summary: "The TCP port to wait for."),
            ArgumentSpec("path", .path, summary: "The file to wait for."),
            ArgumentSpec(
                "state", .string, default: "started", choices: ["absent", "drained", "present", "started", "stopped"],
                summary: "`started`/`present`: the port accepts connections or the file exists; `stopped`/`absent`: no longer; `drained`: no active connections on the port."),
            ArgumentSpec(
                "timeout", .int, default: 300,
                summary: "Seconds to wait before failing (without port and path: seconds to sleep)."),
            ArgumentSpec("delay", .int, default: 0, summary: "Seconds to wait before the first check."),
            ArgumentSpec("sleep", .int, default: 1, summary: "Seconds between checks."),
            ArgumentSpec(
                "connect_timeout", .int, default: 5, summary: "Seconds one connection attempt may take."),
            ArgumentSpec(
                "search_regex", .string,
                summary: "A Perl-compatible regexp the file's text or the port's first bytes must match (multi-line mode); groups come back as `match_groups` and `match_groupdict`."),
            ArgumentSpec("msg", .string, summary: "The failure message instead of the default one."),
            ArgumentSpec(
                "exclude_hosts", .list(.string),
                summary: "With `drained`: IPv4 addresses whose connections do not count."),
            ArgumentSpec(
                "active_connection_states", .list(.string),
                default: ["ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "SYN_RECV", "SYN_SENT", "TIME_WAIT"],
                summary: "With `drained`: the TCP states that count as active."),
        ],
        supportsCheckMode: false)
}
