/// A host reached over SSH: one libssh2 session held for the whole run, one long-lived shell
/// channel through which every program runs, and an SFTP channel opened on first upload.
///
/// Calls are serialised by a lock, so the connection may be handed between threads; the
/// executor gives each host its own thread, and blocking waits happen on that thread.
public final class SSHConnection: Connection, @unchecked Sendable {
    public let hostName: String
    public let target: SSHTarget
    let options: SSHOptions
    /// Where the connection setup spent its time; the login shell's start counts once it ran.
    public var setupTimings: SetupTimings { lock.withLock { timings } }
    private var timings: SetupTimings
    /// Seconds from the first TCP packet to the end of the login (and of the login shell's
    /// start, if a program needed it).
    public var setupSeconds: Double { setupTimings.total }

    let lock = PlainLock()
    /// The socket under the target session (a TCP socket, or one end of a jump tunnel's pair);
    /// kept here so `interrupt()` can wake a blocked call without taking the lock.
    private let socket: SocketHandle
    var session: SSHSession?
    /// The login user's long-lived shell, started on first use (`loginShell()`).
    var shell: RemoteShell?
    /// Long-lived shells running as a become user through passwordless sudo, by user: a task
    /// with `become` then costs no sudo (PAM session, fork, exec) of its own.
    var becomeShells: [String: RemoteShell] = [:]
    /// Users for whom such a shell could not start; their tasks run sudo each time.
    var becomeShellRefused: Set<String> = []
    /// Set while a run whose sudo shell never started is redone.
    private var sudoShellNeverStarted = false
    var sftp: SFTPSession?
    private var tunnels: [JumpTunnel]
    /// Set once the connection is unusable; every later call throws `connectionLost` with it.
    var lostReason: String?
    var becomeBroker = BecomeBroker()
    /// Set by `interrupt()`: whatever libssh2 reports afterwards, the cause is the cut socket.
    let interrupted = Flag()

    init(
        target: SSHTarget, options: SSHOptions, socket: SocketHandle, session: SSHSession,
        tunnels: [JumpTunnel], setupTimings: SetupTimings
    ) {
        hostName = target.name
        self.target = target
        self.options = options
        self.socket = socket
        self.session = session
        self.tunnels = tunnels
        timings = setupTimings
    }

    deinit {
        tearDown()
    }

    public func run(_ request: RunRequest) throws(TransportError) -> CommandOutput {
        lock.lock()
        defer { lock.unlock() }
        return try runLocked(request)
    }

    private func runLocked(_ request: RunRequest) throws(TransportError) -> CommandOutput {
        guard session != nil, lostReason == nil else { throw lostError() }
        for (name, _) in request.environment where !ShellQuote.isValidVariableName(name) {
            throw .invalidRequest(host: hostName, reason: "'\(name)' is not a valid environment variable name")
        }
        if let seconds = request.timeoutSeconds, !(seconds > 0 && seconds.isFinite) {
            throw .invalidRequest(host: hostName, reason: "timeout must be a positive number of seconds, not \(seconds)")
        }
        if let become = request.become, become.method == .sudo, becomeBroker.isUnprobed(user: become.user),
            becomeShell(for: become.user) != nil
        {
            // A shell under `sudo -k -n` answers the probe without the probe's own sudo and
            // round trip. If sudo refuses, its first run says so (`notStarted`, below), the rule
            // is forgotten, and the probe explains why.
            becomeBroker.recordNoPassword(user: become.user)
        }
        // Only su needs to know who logged in (it works from root alone).
        let loginUID = request.become?.method == .su ? try loginShell().loginUID : -1
        let mode = try becomeBroker.mode(for: request.become, host: hostName, loginUID: loginUID) {
            (script: ProgramScript) throws(TransportError) -> RawRun in
            try runScript(script, deadline: .after(seconds: target.connectTimeout + 30))
        }
        let runShell: RemoteShell
        var scriptMode = mode
        if case .sudoWithoutPassword(let user)? = mode, let becomeShell = becomeShell(for: user) {
            runShell = becomeShell
            scriptMode = nil
        } else {
            runShell = try loginShell()
        }
        let script = ProgramScript.render(
            parts: request.parts, librariesCanBeFunctions: request.librariesCanBeFunctions, environment: request.environment,
            timeoutSeconds: request.timeoutSeconds, become: scriptMode)
        options.emit(
            4, hostName,
            request.carriesSecrets
                ? "run\(describe(request)): a program of \(request.parts.utf8Count) bytes that carries secrets (not shown)"
                : "run\(describe(request)):\n\(request.program)")
        let deadline = request.timeoutSeconds.map { Deadline.after(seconds: $0 + options.timeoutGrace) } ?? .never
        let ran: RawRun
        do {
            ran = try runScript(script, on: runShell, deadline: deadline)
        } catch .becomeFailed where sudoShellNeverStarted {
            // Nothing ran: the request goes the way of a host whose sudo wants a password.
            sudoShellNeverStarted = false
            return try runLocked(request)
        }
        let raw = try becomeBroker.finish(ran, mode: mode, host: hostName)
        options.emit(4, hostName, "exit status \(raw.status) after \(Int(raw.seconds * 1000)) ms")
        if let seconds = request.timeoutSeconds, ProgramScript.isTimeoutStatus(raw.status), raw.seconds >= seconds * 0.98 {
            throw .timedOut(host: hostName, seconds: seconds)
        }
        return CommandOutput(stdout: raw.stdout, stderr: raw.stderr, termination: .exited(raw.status))
    }

    /// The login user's shell, started now if no program needed it before. A shell that cannot
    /// start makes the host unreachable, as a failed login does.
    func loginShell() throws(TransportError) -> RemoteShell {
        if let shell { return shell }
        guard let session, lostReason == nil else { throw lostError() }
        let start = Deadline.now
        do {
            let started = try RemoteShell.start(
                on: session, keepaliveSeconds: target.keepaliveInterval, until: .after(seconds: target.connectTimeout))
            timings.shell = Deadline.secondsSince(start)
            timings.total += timings.shell
            options.emit(3, hostName, "the login shell started in \(Int(timings.shell * 1000)) ms (login uid \(started.loginUID))")
            shell = started
            return started
        } catch {
            let reason = "cannot start a shell on the host: \(SSHConnection.describe(error))"
            markLost(reason)
            throw .unreachable(host: hostName, reason: reason)
        }
    }

    /// The long-lived shell for `user` under passwordless sudo, started on first use; nil when
    /// it cannot start (then each task runs sudo itself, which reports any refusal).
    private func becomeShell(for user: String) -> RemoteShell? {
        if let existing = becomeShells[user] { return existing }
        guard let session, !becomeShellRefused.contains(user) else { return nil }
        do {
            let started = try RemoteShell.start(
                on: session, keepaliveSeconds: target.keepaliveInterval,
                command: "exec sudo -k -n -u \(ShellQuote.quote(user)) -- /bin/sh -s",
                until: .after(seconds: target.connectTimeout), deferringHelloFor: target.connectTimeout)
            options.emit(3, hostName, "a long-lived shell runs as '\(user)' through sudo")
            becomeShells[user] = started
            return started
        } catch {
            options.emit(3, hostName, "no long-lived shell as '\(user)' (\(error)); sudo runs per task")
            becomeShellRefused.insert(user)
            return nil
        }
    }

    /// Bytes written to the remote shell's stdin so far (programs, framing, libraries once).
    public var bytesSent: Int {
        lock.withLock { allShells.reduce(0) { $0 + $1.bytesWritten } }
    }

    /// Runs one rendered script on the shell; any failure leaves the stream in an unknown state,
    /// so the connection is marked lost and the program is never silently re-run.
    func runScript(_ script: ProgramScript, on chosen: RemoteShell? = nil, deadline: Deadline) throws(TransportError)
        -> RawRun
    {
        guard lostReason == nil else { throw lostError() }
        let shell: RemoteShell
        if let chosen { shell = chosen } else { shell = try loginShell() }
        let start = Deadline.now
        do {
            let exchange = try shell.run(script, until: deadline)
            return RawRun(
                stdout: exchange.stdout, stderr: exchange.stderr, status: exchange.status,
                seconds: Deadline.secondsSince(start))
        } catch .notStarted {
            // sudo refused to start this shell (it wants a password, or forbids the user): the
            // connection is fine, and the run is redone without it.
            if let user = becomeShells.first(where: { $0.value === shell })?.key {
                becomeShells[user] = nil
                becomeShellRefused.insert(user)
                becomeBroker.forget(user: user)
                options.emit(3, hostName, "no long-lived shell as '\(user)' (sudo ended at once); sudo runs per task")
            }
            sudoShellNeverStarted = true
            throw .becomeFailed(host: hostName, reason: "sudo ended before its shell started")
        } catch {
            let reason: String
            switch error {
            case .endOfFile, .notStarted: reason = "the remote shell ended before the program's exit status arrived"
            case .deadline: reason = "no answer from the host within the task's timeout and \(Int(options.timeoutGrace)) s of grace"
            case .call(let failure): reason = "\(failure.call): \(failure.message)"
            }
            markLost(reason)
            throw lostError()
        }
    }

    public func close() {
        lock.lock()
        defer { lock.unlock() }
        if lostReason == nil {
            let shells = allShells
            let bytes = shells.reduce(0) { $0 + $1.bytesWritten }
            let runs = shells.reduce(0) { $0 + $1.sequence }
            options.emit(3, hostName, "closing: \(bytes) bytes sent to \(shells.count) shell(s) in \(runs) runs")
            // Every run has ended: the server is told the session is over and the socket shut,
            // so freeing the channels does not wait a round trip (and the shells' exit) for
            // each to close, which delayed the recap of every run.
            session?.disconnect()
            socket.shutdownBoth()
        }
        if lostReason == nil { lostReason = "the connection was closed" }
        tearDown()
    }

    /// The shells started so far: the login shell (if any program needed it) and the sudo ones.
    private var allShells: [RemoteShell] { (shell.map { [$0] } ?? []) + becomeShells.values }

    /// Wakes a call blocked on this connection from another thread (e.g. on SIGINT): the socket
    /// is shut down, the blocked call fails with `connectionLost`, and the connection is dead.
    public func interrupt() {
        interrupted.set()
        socket.shutdownBoth()
    }

    /// Frees in dependency order: channels, then the session, then the jump tunnels under it
    /// (each pump frees its own session once the session above it has gone).
    private func tearDown() {
        sftp = nil
        becomeShells = [:]
        shell = nil
        session = nil
        for tunnel in tunnels.reversed() { tunnel.waitUntilFinished(seconds: 5) }
        tunnels = []
    }

    func markLost(_ reason: String) {
        if lostReason == nil { lostReason = reason }
        options.emit(1, hostName, "connection lost: \(reason)")
        sftp = nil
        becomeShells = [:]
        shell = nil
        socket.shutdownBoth()
    }

    func lostError() -> TransportError {
        if interrupted.isSet, lostReason == nil { lostReason = "interrupted" }
        return .connectionLost(host: hostName, reason: lostReason ?? "the connection is closed")
    }

    private func describe(_ request: RunRequest) -> String {
        var parts: [String] = []
        if let become = request.become { parts.append("become \(become.method.rawValue) to \(become.user)") }
        if let seconds = request.timeoutSeconds { parts.append("timeout \(ProgramScript.formatSeconds(seconds)) s") }
        if !request.environment.isEmpty { parts.append("environment \(request.environment.map(\.name).joined(separator: ","))") }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }
}

/// A boolean set once from any thread.
final class Flag: @unchecked Sendable {
    private let lock = PlainLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
