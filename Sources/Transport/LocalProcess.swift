#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs one `/bin/sh -c COMMAND` on this machine in its own process group, feeding `stdin`
/// and draining stdout and stderr together, so a child that fills one pipe never deadlocks.
///
/// stdin is one end of a socket pair rather than a pipe: writes use MSG_NOSIGNAL, so a child
/// that exits without reading its input cannot kill the controller with SIGPIPE.
enum LocalProcess {
    struct Failure: Error {
        var reason: String
    }

    struct Outcome {
        var stdout: [UInt8]
        var stderr: [UInt8]
        var status: Int32
        var signal: Int32?
        var killedAtDeadline: Bool
    }

    static func run(command: String, stdin: [UInt8], deadline: Deadline) throws(Failure) -> Outcome {
        var input: [Int32] = [-1, -1]
        var output: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &input) == 0,
            makePipe(&output), makePipe(&errors)
        else { throw Failure(reason: "cannot create pipes: \(FileText.errorText(errno))") }
        let pid: pid_t
        do {
            defer {
                Glibc.close(input[1])
                Glibc.close(output[1])
                Glibc.close(errors[1])
            }
            pid = try spawn(command: command, stdin: input[1], stdout: output[1], stderr: errors[1])
        } catch {
            [input[0], output[0], errors[0]].forEach { _ = Glibc.close($0) }
            throw error
        }
        defer { [input[0], output[0], errors[0]].forEach { _ = Glibc.close($0) } }
        for fd in [input[0], output[0], errors[0]] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        return drain(pid: pid, stdinFD: input[0], stdoutFD: output[0], stderrFD: errors[0], stdin: stdin, deadline: deadline)
    }

    private static func spawn(command: String, stdin: Int32, stdout: Int32, stderr: Int32) throws(Failure) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so a timeout can kill the program with all its children; and
        // default signal handling, whatever the controller ignores.
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let arguments = ["/bin/sh", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &argv, environ)
        guard status == 0 else { throw Failure(reason: "cannot start /bin/sh: \(FileText.errorText(status))") }
        return pid
    }

    private static func drain(
        pid: pid_t, stdinFD: Int32, stdoutFD: Int32, stderrFD: Int32, stdin: [UInt8], deadline: Deadline
    ) -> Outcome {
        var pending = stdin[...]
        var inputOpen = true
        var outcome = Outcome(stdout: [], stderr: [], status: -1, signal: nil, killedAtDeadline: false)
        var open = (stdout: true, stderr: true)
        var buffer = [UInt8](repeating: 0, count: 65536)
        var exited: Int32?
        var killDeadline: Deadline?
        func closeInput() {
            if inputOpen { shutdown(stdinFD, Int32(SHUT_WR)) }
            inputOpen = false
        }
        func readAvailable(_ fd: Int32, into bytes: inout [UInt8]) -> Bool {
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    bytes += buffer[0..<count]
                    continue
                }
                if count < 0, errno == EINTR { continue }
                return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
            }
        }
        while exited == nil || open.stdout || open.stderr {
            if inputOpen, !pending.isEmpty {
                let count = pending.withUnsafeBytes { send(stdinFD, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if count > 0 { pending = pending.dropFirst(count) } else if count < 0, errno != EAGAIN, errno != EINTR { closeInput() }
            }
            if inputOpen, pending.isEmpty { closeInput() }
            if open.stdout { open.stdout = readAvailable(stdoutFD, into: &outcome.stdout) }
            if open.stderr { open.stderr = readAvailable(stderrFD, into: &outcome.stderr) }
            if exited == nil { exited = reap(pid, block: false) }
            // A background child may keep the pipes open after the program ended: once the
            // program is gone, what it wrote is already in the pipes, so read once more and stop.
            if exited != nil {
                if open.stdout { _ = readAvailable(stdoutFD, into: &outcome.stdout) }
                if open.stderr { _ = readAvailable(stderrFD, into: &outcome.stderr) }
                break
            }
            if killDeadline == nil, deadline.hasPassed {
                kill(-pid, SIGTERM)
                outcome.killedAtDeadline = true
                killDeadline = .after(seconds: 5)
            }
            if let killDeadline, killDeadline.hasPassed { kill(-pid, SIGKILL) }
            var entries = [
                pollfd(fd: open.stdout ? stdoutFD : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: open.stderr ? stderrFD : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: inputOpen && !pending.isEmpty ? stdinFD : -1, events: Int16(POLLOUT), revents: 0),
            ]
            let cap: Int32 = open.stdout || open.stderr ? 1000 : 10
            _ = poll(&entries, 3, (killDeadline ?? deadline).remainingMilliseconds(cap: cap))
        }
        let status = exited ?? reap(pid, block: true) ?? 0
        if status & 0x7f == 0 {
            outcome.status = (status >> 8) & 0xff
        } else {
            outcome.signal = status & 0x7f
            outcome.status = 128 + (status & 0x7f)
        }
        return outcome
    }

    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// The raw wait status once the child has ended, nil while it runs.
    private static func reap(_ pid: pid_t, block: Bool) -> Int32? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, block ? 0 : WNOHANG)
            if result == pid { return status }
            if result < 0, errno == EINTR { continue }
            return result == 0 ? nil : 0
        }
    }
}
