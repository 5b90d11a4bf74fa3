import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program and collects its output with posix_spawn, poll and waitpid.
///
/// Foundation's `Process` is not used: with several suites starting children at once it left
/// a child unreaped and `waitUntilExit` spinning forever. Here the child starts in its own
/// process group with only fds 0–2 open (nothing another test's pipe could leak into), both
/// streams are read in one poll loop, and the whole group is killed at the deadline.
enum Subprocess {
    struct Result {
        var status: Int32
        /// Killed by a signal (the deadline's SIGKILL, or another): `status` is the signal.
        var signaled: Bool
        var stdout: String
        var stderr: String
        var seconds: Double
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(
        _ executable: String, _ arguments: [String], directory: String? = nil, environment: [String: String]? = nil,
        timeout: Double
    ) throws -> Result {
        var outPipe: [Int32] = [0, 0]
        var errPipe: [Int32] = [0, 0]
        guard GNU.pipe2(&outPipe, O_CLOEXEC) == 0, GNU.pipe2(&errPipe, O_CLOEXEC) == 0 else {
            throw Failure(description: "pipe: errno \(errno)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        GNU.addCloseFrom(&actions, 3)
        if let directory { GNU.addChdir(&actions, directory) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let env = environment ?? ProcessInfo.processInfo.environment
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        let started = Date()
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        close(outPipe[1])
        close(errPipe[1])
        guard spawned == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw Failure(description: "cannot start \(executable): error \(spawned)")
        }
        let (stdout, stderr) = collect(outPipe[0], errPipe[0], pid: pid, deadline: started.addingTimeInterval(timeout))
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        return Result(
            status: signal == 0 ? (status >> 8) & 0xff : signal, signaled: signal != 0,
            stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
            seconds: Date().timeIntervalSince(started))
    }

    /// Reads both streams to their end; at the deadline kills the child's process group, and
    /// gives up reading a few seconds later should something else still hold the pipes.
    private static func collect(_ out: Int32, _ err: Int32, pid: pid_t, deadline: Date) -> ([UInt8], [UInt8]) {
        var buffers: [Int32: [UInt8]] = [out: [], err: []]
        var open = [out, err]
        var killedAt: Date?
        var chunk = [UInt8](repeating: 0, count: 65536)
        while !open.isEmpty {
            if killedAt == nil, Date() >= deadline {
                kill(-pid, SIGKILL)
                killedAt = Date()
            }
            if let killedAt, Date().timeIntervalSince(killedAt) > 5 { break }
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), 200)
            if ready < 0 && errno != EINTR { break }
            for entry in fds where entry.revents != 0 {
                let count = read(entry.fd, &chunk, chunk.count)
                if count > 0 {
                    buffers[entry.fd, default: []] += chunk[0..<count]
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    open.removeAll { $0 == entry.fd }
                }
            }
        }
        close(out)
        close(err)
        return (buffers[out] ?? [], buffers[err] ?? [])
    }
}

/// glibc extensions Swift's Glibc module does not export (they need _GNU_SOURCE), looked up once.
private enum GNU {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    typealias Chdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    static func symbol<T>(_ name: String, as type: T.Type) -> T {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
            preconditionFailure("glibc has no \(name) (glibc 2.34 or newer is needed)")
        }
        return unsafeBitCast(address, to: type)
    }

    static let pipe2 = symbol("pipe2", as: Pipe2.self)
    static let addCloseFrom = symbol("posix_spawn_file_actions_addclosefrom_np", as: CloseFrom.self)
    static let addChdir = symbol("posix_spawn_file_actions_addchdir_np", as: Chdir.self)
}
