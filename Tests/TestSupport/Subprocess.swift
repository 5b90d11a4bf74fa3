import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program and collects its output with posix_spawn, poll and waitpid.
///
/// Foundation's `Process` is not used: with several suites starting children at once it left
/// a child unreaped and `waitUntilExit` spinning forever. Here the child starts in its own
/// process group with only fds 0–2 open (nothing another test's pipe could leak into), its
/// streams are served by one poll loop on a thread of its own, and the whole group is killed
/// at the deadline.
public enum Subprocess {
    public struct Result: Sendable, CustomStringConvertible {
        public var status: Int32
        /// Killed by a signal (the deadline's SIGKILL, or another): `status` is the signal.
        public var signaled: Bool
        public var stdoutBytes: [UInt8]
        public var stderrBytes: [UInt8]
        public var seconds: Double

        public var stdout: String { String(decoding: stdoutBytes, as: UTF8.self) }
        public var stderr: String { String(decoding: stderrBytes, as: UTF8.self) }

        public var description: String {
            "\(signaled ? "signal" : "exit") \(status) after \(seconds) s\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)"
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts the program and waits for it: `input` (if any) is its standard input, else
    /// /dev/null; killed with its process group `timeout` seconds after the start.
    public static func run(
        _ executable: String, _ arguments: [String], directory: String? = nil, environment: [String: String]? = nil,
        input: [UInt8]? = nil, timeout: Double
    ) throws -> Result {
        try start(executable, arguments, directory: directory, environment: environment, input: input, timeout: timeout)
            .wait()
    }

    /// Starts the program and returns at once; the child runs until `wait()` collects it (its
    /// output is read meanwhile, so it never stalls on a full pipe).
    public static func start(
        _ executable: String, _ arguments: [String], directory: String? = nil, environment: [String: String]? = nil,
        input: [UInt8]? = nil, timeout: Double
    ) throws -> Child {
        var outPipe: [Int32] = [0, 0]
        var errPipe: [Int32] = [0, 0]
        var inPipe: [Int32] = [-1, -1]
        guard GNU.pipe2(&outPipe, O_CLOEXEC) == 0, GNU.pipe2(&errPipe, O_CLOEXEC) == 0,
            input == nil || GNU.pipe2(&inPipe, O_CLOEXEC) == 0
        else {
            throw Failure(description: "pipe: errno \(errno)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if input == nil {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        } else {
            posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        }
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
        if input != nil { close(inPipe[0]) }
        guard spawned == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            if input != nil { close(inPipe[1]) }
            throw Failure(description: "cannot start \(executable): error \(spawned)")
        }
        let streams = Child.Streams(
            stdout: outPipe[0], stderr: errPipe[0], stdin: input == nil ? nil : inPipe[1], input: input ?? [])
        return Child(pid: pid, streams: streams, started: started, deadline: started.addingTimeInterval(timeout))
    }
}

/// glibc extensions Swift's Glibc module does not export (they need _GNU_SOURCE), looked up once.
enum GNU {
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
