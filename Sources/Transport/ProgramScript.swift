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
///
/// The stdin is kept in parts so the long-lived shell can hold the libraries a program is made of
/// and send each once per connection: `head` (password, stdin closing, environment), `library`
/// (what the program starts with, `RunRequest.libraryLength`), and the tail (the rest of the
/// program): `beforeBody`, `body` (a second library, a module's body: `RunRequest.secondLibrary`)
/// and `afterBody`.
struct ProgramScript: Sendable {
    var command: String
    var head: [UInt8]
    /// A view into the request's program text, not a copy: every host holds one at once.
    var library: Substring.UTF8View
    var beforeBody: [UInt8]
    /// A view too: a module's body is most of a program's tail.
    var body: Substring.UTF8View
    /// The rest of the program, then the end of `head`'s group.
    var afterBody: [UInt8]
    /// `library` and `body` are complete shell text a shell may hold as functions
    /// (`RunRequest.librariesCanBeFunctions`).
    var librariesCanBeFunctions = false

    var stdin: [UInt8] { head + Array(library) + tail }

    /// Everything after the library.
    var tail: [UInt8] { beforeBody + Array(body) + afterBody }

    /// Where in `tail` the second library lies; nil when there is none.
    var tailLibrary: Range<Int>? { body.isEmpty ? nil : beforeBody.count..<(beforeBody.count + body.count) }

    init(command: String, stdin: [UInt8]) {
        self.init(command: command, head: stdin, library: Substring().utf8, beforeBody: [], body: Substring().utf8, afterBody: [])
    }

    init(
        command: String, head: [UInt8], library: Substring.UTF8View, beforeBody: [UInt8], body: Substring.UTF8View,
        afterBody: [UInt8]
    ) {
        self.command = command
        self.head = head
        self.library = library
        self.beforeBody = beforeBody
        self.body = body
        self.afterBody = afterBody
    }

    /// Lines that follow the sudo password. If the password is wrong, sudo's second and third
    /// tries read these (and fail) instead of reading program lines; if it is right, the child
    /// shell reads them as comments.
    static let passwordSentinels = "#\n#\n"

    /// The command of a run that needs no sudo and no timeout: the long-lived shell runs such a
    /// program in a subshell of its own rather than in a new `sh` (see `ShellFrame`).
    static let plainShell = "/bin/sh -s"

    static func render(
        program: String, libraryLength: Int = 0, secondLibrary: Range<Int>? = nil, librariesCanBeFunctions: Bool = false,
        environment: [(name: String, value: String)], timeoutSeconds: Double?, become: BecomeMode?
    ) -> ProgramScript {
        render(
            parts: ProgramParts(text: program, libraryLength: libraryLength, secondLibrary: secondLibrary),
            librariesCanBeFunctions: librariesCanBeFunctions, environment: environment, timeoutSeconds: timeoutSeconds,
            become: become)
    }

    static func render(
        parts: ProgramParts, librariesCanBeFunctions: Bool = false,
        environment: [(name: String, value: String)], timeoutSeconds: Double?, become: BecomeMode?
    ) -> ProgramScript {
        var head = "{ exec </dev/null\n"
        for (name, value) in environment {
            head += "export \(name)=\(ShellQuote.quote(value))\n"
        }
        // Copied as blocks: a byte-by-byte copy through the string's view took more of the
        // controller's time than anything else per task.
        func copy(_ text: Substring) -> [UInt8] {
            text.utf8.withContiguousStorageIfAvailable { Array($0) } ?? Array(text.utf8)
        }
        var afterBody = copy(parts.afterBody)
        if parts.lastByte != UInt8(ascii: "\n") { afterBody.append(UInt8(ascii: "\n")) }
        afterBody += Array("}\n".utf8)

        let shell = timeoutSeconds.map { "timeout -k 5 \(formatSeconds($0)) /bin/sh -s" } ?? plainShell
        let shellCommand = timeoutSeconds == nil ? shell : "/bin/sh -c \(ShellQuote.quote("exec " + shell))"
        let command: String
        switch become {
        case nil:
            command = shell
        case .sudoWithoutPassword(let user)?:
            command = "sudo -n -u \(ShellQuote.quote(user)) -- \(shellCommand)"
        case .sudoWithPassword(let user, let password, let prompt)?:
            command = "sudo -k -S -p \(ShellQuote.quote(prompt)) -u \(ShellQuote.quote(user)) -- \(shellCommand)"
            head = password.value + "\n" + passwordSentinels + head
        case .suFromRoot(let user)?:
            command = "su -s /bin/sh \(ShellQuote.quote(user)) -c \(ShellQuote.quote(timeoutSeconds == nil ? shell : "exec " + shell))"
        }
        var script = ProgramScript(
            command: command, head: Array(head.utf8), library: parts.library.utf8, beforeBody: copy(parts.beforeBody),
            body: parts.body.utf8, afterBody: afterBody)
        script.librariesCanBeFunctions = librariesCanBeFunctions
        return script
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
