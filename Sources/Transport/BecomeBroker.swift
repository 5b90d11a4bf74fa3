/// What one raw run of a child shell produced, before become and timeout are interpreted.
struct RawRun: Sendable {
    var stdout: [UInt8]
    var stderr: [UInt8]
    var status: Int32
    var seconds: Double
}

/// Learns, once per connection and target user, how sudo behaves on the host, and turns a
/// `Become` into a `BecomeMode` for `ProgramScript`.
///
/// The sudo password only ever travels on stdin after a random prompt. Before it is first sent
/// with a program, a probe (`sudo -k -n … true`) checks that sudo will really ask for it —
/// otherwise the password line would reach the shell as a command — and a validation run
/// checks it, so a wrong password fails after one attempt and is never tried again.
struct BecomeBroker {
    enum Rule {
        case noPassword
        case password(Secret)
        case wrongPassword(Secret)
        case refused(String)
    }

    private var rules: [String: Rule] = [:]
    /// Random per connection: a prompt that cannot occur in a program's own output.
    let prompt = "[sudo via playbook \(ShellFrame.makeNonce())] password: "

    typealias Runner = (ProgramScript) throws(TransportError) -> RawRun

    mutating func mode(for become: Become?, host: String, loginUID: Int32, run: Runner) throws(TransportError)
        -> BecomeMode?
    {
        guard let become else { return nil }
        if let password = become.password, password.value.contains("\n") || password.value.contains("\r") {
            throw .invalidRequest(host: host, reason: "the become password contains a line break")
        }
        switch become.method {
        case .su:
            guard loginUID == 0 else {
                throw .becomeFailed(
                    host: host,
                    reason: "su reads its password from a terminal, and runs here have none; "
                        + "use become_method 'sudo', or log in as root")
            }
            return .suFromRoot(user: become.user)
        case .sudo:
            return try sudoMode(user: become.user, password: become.password, host: host, run: run)
        }
    }

    private mutating func sudoMode(user: String, password: Secret?, host: String, run: Runner) throws(TransportError)
        -> BecomeMode
    {
        switch rules[user] {
        case .noPassword?:
            return .sudoWithoutPassword(user: user)
        case .password(let known)? where known == password:
            return .sudoWithPassword(user: user, password: known, prompt: prompt)
        case .wrongPassword(let known)? where known == password:
            throw Self.incorrectPassword(user: user, host: host, again: true)
        case .refused(let reason)?:
            throw .becomeFailed(host: host, reason: reason)
        default:
            break
        }
        let quotedUser = ShellQuote.quote(user)
        let probe = try run(ProgramScript(command: "sudo -k -n -u \(quotedUser) -- /bin/sh -c true", stdin: []))
        if probe.status == 0 {
            rules[user] = .noPassword
            return .sudoWithoutPassword(user: user)
        }
        let message = Self.text(probe.stderr)
        guard message.contains("password is required") else {
            let reason =
                probe.status == 127
                ? "sudo is not installed on the host" : "sudo refused to run as '\(user)': \(message)"
            rules[user] = .refused(reason)
            throw .becomeFailed(host: host, reason: reason)
        }
        guard let password else {
            throw .becomeFailed(
                host: host, reason: "sudo needs a password to run as '\(user)' and none was given (ask for it with -K)")
        }
        let check = try run(
            ProgramScript(
                command: "sudo -k -S -p \(ShellQuote.quote(prompt)) -u \(quotedUser) -- /bin/sh -c true",
                stdin: Array((password.value + "\n").utf8)))
        if check.status == 0 {
            rules[user] = .password(password)
            return .sudoWithPassword(user: user, password: password, prompt: prompt)
        }
        let checkMessage = Self.text(stripPrompts(check.stderr).stderr)
        if checkMessage.contains("incorrect password") || checkMessage.contains("Sorry, try again")
            || checkMessage.contains("no password was provided")
        {
            rules[user] = .wrongPassword(password)
            throw Self.incorrectPassword(user: user, host: host, again: false)
        }
        throw .becomeFailed(host: host, reason: "sudo refused to run as '\(user)': \(checkMessage)")
    }

    /// Whether the sudo rule for `user` on this host is still unknown (nothing probed yet).
    func isUnprobed(user: String) -> Bool { rules[user] == nil }

    /// Records what a shell started with `sudo -k -n` proved: `user` needs no password. The
    /// probe `mode(for:)` would otherwise run first is then skipped.
    mutating func recordNoPassword(user: String) { rules[user] = .noPassword }

    /// Forgets what was recorded for `user`: the next request probes again.
    mutating func forget(user: String) { rules[user] = nil }

    /// Removes sudo's prompts from a run's stderr; a second prompt means the password was
    /// refused during the run itself (it changed since it was checked), and nothing ran.
    mutating func finish(_ raw: RawRun, mode: BecomeMode?, host: String) throws(TransportError) -> RawRun {
        guard case .sudoWithPassword(let user, let password, _)? = mode else { return raw }
        let (stderr, prompts) = stripPrompts(raw.stderr)
        if prompts > 1 {
            rules[user] = .wrongPassword(password)
            throw Self.incorrectPassword(user: user, host: host, again: false)
        }
        var result = raw
        result.stderr = stderr
        return result
    }

    private func stripPrompts(_ bytes: [UInt8]) -> (stderr: [UInt8], prompts: Int) {
        let marker = Array(prompt.utf8)
        var result: [UInt8] = []
        var count = 0
        var start = 0
        while let index = ShellFrame.find(marker, in: bytes, from: start) {
            result += bytes[start..<index]
            start = index + marker.count
            count += 1
        }
        result += bytes[start...]
        return (result, count)
    }

    private static func incorrectPassword(user: String, host: String, again: Bool) -> TransportError {
        .becomeFailed(
            host: host,
            reason: "incorrect sudo password for becoming '\(user)'"
                + (again ? " (it was refused before on this host and is not tried again)" : ""))
    }

    static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: [" ", "\n", "\t", "\r"])
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
