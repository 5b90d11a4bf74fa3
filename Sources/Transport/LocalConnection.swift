#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The controller itself as a host (`hosts: localhost`, `connection: local`): programs run in
/// `/bin/sh` with the same semantics as over SSH — program on stdin, environment inside the
/// program, become through sudo, timeout killing the whole process group.
public final class LocalConnection: Connection, @unchecked Sendable {
    public let hostName: String
    private let lock = PlainLock()
    private var becomeBroker = BecomeBroker()
    private var closed = false
    /// Seconds after a timeout before the controller kills the process group itself.
    private let timeoutGrace: Double = 5

    public init(hostName: String = "localhost") {
        self.hostName = hostName
    }

    public func run(_ request: RunRequest) throws(TransportError) -> CommandOutput {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { throw .connectionLost(host: hostName, reason: "the connection was closed") }
        for (name, _) in request.environment where !ShellQuote.isValidVariableName(name) {
            throw .invalidRequest(host: hostName, reason: "'\(name)' is not a valid environment variable name")
        }
        if let seconds = request.timeoutSeconds, !(seconds > 0 && seconds.isFinite) {
            throw .invalidRequest(host: hostName, reason: "timeout must be a positive number of seconds, not \(seconds)")
        }
        let mode = try becomeBroker.mode(for: request.become, host: hostName, loginUID: Int32(bitPattern: getuid())) {
            (script: ProgramScript) throws(TransportError) -> RawRun in
            try runScript(script, deadline: .after(seconds: 60))
        }
        let script = ProgramScript.render(
            parts: request.parts, environment: request.environment, timeoutSeconds: request.timeoutSeconds,
            become: mode)
        let deadline = request.timeoutSeconds.map { Deadline.after(seconds: $0 + timeoutGrace) } ?? .never
        let raw = try becomeBroker.finish(runScript(script, deadline: deadline), mode: mode, host: hostName)
        if let seconds = request.timeoutSeconds, ProgramScript.isTimeoutStatus(raw.status) || raw.status == 128 + SIGTERM,
            raw.seconds >= seconds * 0.98
        {
            throw .timedOut(host: hostName, seconds: seconds)
        }
        return CommandOutput(stdout: raw.stdout, stderr: raw.stderr, termination: .exited(raw.status))
    }

    /// The controller itself: the programs it starts and the files it writes for them are in use
    /// for as long as it runs.
    public func temporaryOwner() throws(TransportError) -> Int32? { getpid() }

    private func runScript(_ script: ProgramScript, deadline: Deadline) throws(TransportError) -> RawRun {
        let start = Deadline.now
        do {
            let outcome = try LocalProcess.run(command: script.command, stdin: script.stdin, deadline: deadline)
            return RawRun(
                stdout: outcome.stdout, stderr: outcome.stderr, status: outcome.status,
                seconds: Deadline.secondsSince(start))
        } catch {
            throw .invalidRequest(host: hostName, reason: error.reason)
        }
    }

    /// Temporary file in the destination directory (0600), fsync, chmod, rename.
    public func upload(_ source: UploadSource, to remotePath: String, mode: UInt16) throws(TransportError) {
        lock.lock()
        defer { lock.unlock() }
        let (directory, name) = SSHConnection.split(remotePath)
        let temporary = "\(directory)/.\(name).\(ShellFrame.makeNonce()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw fileError(remotePath, "cannot create a temporary file", errno) }
        var renamed = false
        defer {
            if !renamed { unlink(temporary) }
        }
        do {
            defer { Glibc.close(fd) }
            try copy(source, to: fd, destination: remotePath)
            guard fsync(fd) == 0 else { throw fileError(remotePath, "fsync", errno) }
            guard fchmod(fd, mode_t(mode)) == 0 else { throw fileError(remotePath, "chmod", errno) }
        }
        guard rename(temporary, remotePath) == 0 else { throw fileError(remotePath, "rename", errno) }
        renamed = true
    }

    private func copy(_ source: UploadSource, to fd: Int32, destination: String) throws(TransportError) {
        switch source {
        case .bytes(let bytes):
            guard FileText.writeAll(fd: fd, bytes) else { throw fileError(destination, "write", errno) }
        case .file(let path):
            let input = open(path, O_RDONLY | O_CLOEXEC)
            guard input >= 0 else { throw .localFile(path: path, reason: FileText.errorText(errno)) }
            defer { Glibc.close(input) }
            var buffer = [UInt8](repeating: 0, count: 256 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                if count < 0 { throw .localFile(path: path, reason: FileText.errorText(errno)) }
                if count == 0 { return }
                guard FileText.writeAll(fd: fd, Array(buffer[0..<count])) else {
                    throw fileError(destination, "write", errno)
                }
            }
        }
    }

    private func fileError(_ path: String, _ step: String, _ code: Int32) -> TransportError {
        .fileOperation(host: hostName, path: path, reason: "\(step): \(FileText.errorText(code))")
    }

    public func close() {
        lock.lock()
        defer { lock.unlock() }
        closed = true
    }
}
