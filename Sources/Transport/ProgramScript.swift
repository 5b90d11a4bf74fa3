/// How the child shell of one run gains privileges, once the connection knows what works.
enum BecomeMode: Sendable, Hashable {
    /// The sudo rule needs no password (NOPASSWD).
    case sudoWithoutPassword(user: String)
    /// sudo reads `password` on stdin after printing `prompt`, a random string per connection.
    case sudoWithPassword(user: String, password: Secret, prompt: String)
    /// The login user is root: `su` switches users without a password or a terminal.
    case suFromRoot(user: String)
}

/// One program run rendered for the host: the command line that starts a child shell, and the
/// bytes that child reads on stdin (a sudo password if needed, then the program).
///
/// Nothing the user wrote is ever placed on the command line: the user name is quoted, the
/// program and its environment travel on stdin, the password too.
struct ProgramScript: Sendable {
    var command: String
    var stdin: [UInt8]

    /// Lines that follow the sudo password. If the password is wrong, sudo's second and third
    /// tries read these (and fail) instead of reading program lines; if it is right, the child
    /// shell reads them as comments.
    static let passwordSentinels = "#\n#\n"

    static func render(
        program: String, environment: [(name: String, value: String)], timeoutSeconds: Double?, become: BecomeMode?
    ) -> ProgramScript {
        var body = "{ exec </dev/null\n"
        for (name, value) in environment {
            body += "export \(name)=\(ShellQuote.quote(value))\n"
        }
        body += program
        if !program.hasSuffix("\n") { body += "\n" }
        body += "}\n"

        let shell = timeoutSeconds.map { "timeout -k 5 \(formatSeconds($0)) /bin/sh -s" } ?? "/bin/sh -s"
        let shellCommand = timeoutSeconds == nil ? shell : "/bin/sh -c \(ShellQuote.quote("exec " + shell))"
        switch become {
        case nil:
            return ProgramScript(command: shell, stdin: Array(body.utf8))
        case .sudoWithoutPassword(let user)?:
            return ProgramScript(
                command: "sudo -n -u \(ShellQuote.quote(user)) -- \(shellCommand)", stdin: Array(body.utf8))
        case .sudoWithPassword(let user, let password, let prompt)?:
            let command = "sudo -k -S -p \(ShellQuote.quote(prompt)) -u \(ShellQuote.quote(user)) -- \(shellCommand)"
            return ProgramScript(command: command, stdin: Array((password.value + "\n" + passwordSentinels + body).utf8))
        case .suFromRoot(let user)?:
            return ProgramScript(
                command: "su -s /bin/sh \(ShellQuote.quote(user)) -c \(ShellQuote.quote(timeoutSeconds == nil ? shell : "exec " + shell))",
                stdin: Array(body.utf8))
        }
    }

    /// `timeout` accepts decimal seconds; whole numbers are written without a fraction.
    static func formatSeconds(_ seconds: Double) -> String {
        let clamped = min(max(seconds, 0.001), 1e8)
        if clamped == clamped.rounded() { return String(Int(clamped)) }
        return String(clamped)
    }

    /// The exit statuses `timeout` uses when it had to end the program (TERM, then KILL).
    static func isTimeoutStatus(_ status: Int32) -> Bool { status == 124 || status == 137 }
}
