import Foundation
import TestSupport

/// A process started by a test and collected later: the `playbook` binary as a user runs it,
/// or a watcher on a lab host (`scripts/lab exec HOST python3 -` with its script on stdin, so
/// nothing the script holds is visible in any argv).
///
/// Both output streams are drained on their own threads so a chatty child never stalls; a
/// watchdog kills the child when it outlives its deadline.
final class ChildProcess: @unchecked Sendable {
    struct Output: CustomStringConvertible {
        var status: Int32
        /// The child died of a signal (the watchdog's SIGKILL, or one sent by the test).
        var signaled: Bool
        var stdout: String
        var stderr: String
        var seconds: Double

        var description: String { "exit \(status) after \(String(format: "%.1f", seconds)) s\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
    }

    private let process = Process()
    private let collected = LockedBox((Data(), Data()))
    private let drained = DispatchSemaphore(value: 0)
    private let started: Date
    private let watchdog: DispatchWorkItem

    var pid: Int32 { process.processIdentifier }

    init(
        _ executable: String, _ arguments: [String], directory: String? = nil, environment: [String: String] = [:],
        stdin: Data? = nil, timeout: Double = 600
    ) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        // The user's Ansible settings must not change what the tests see.
        for name in env.keys where name.hasPrefix("ANSIBLE_") { env[name] = nil }
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        started = Date()
        try process.run()
        if let stdin {
            let writer = input.fileHandleForWriting
            Thread {
                writer.write(stdin)
                try? writer.close()
            }.start()
        }
        let box = collected
        let done = drained
        Thread {
            let data = out.fileHandleForReading.readDataToEndOfFile()
            box.update { $0.0 = data }
            done.signal()
        }.start()
        Thread {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            box.update { $0.1 = data }
            done.signal()
        }.start()
        let pid = process.processIdentifier
        watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
    }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    var isRunning: Bool { process.isRunning }

    /// Waits for the child and both its streams.
    func wait() -> Output {
        drained.wait()
        drained.wait()
        process.waitUntilExit()
        watchdog.cancel()
        let (stdout, stderr) = collected.get()
        return Output(
            status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
            stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
            seconds: Date().timeIntervalSince(started))
    }

    // MARK: The playbook binary

    /// The binary next to the test bundle (both are products of the same build), else the
    /// default build directory's.
    static var playbookExecutable: String {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        let fallback = Lab.repositoryRootPath() + "/.build/debug/playbook"
        for candidate in [bundleDirectory + "/playbook", fallback]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return bundleDirectory + "/playbook"
    }

    /// Starts `playbook ARGS…` in `directory`.
    static func playbook(_ arguments: [String], in directory: String? = nil, timeout: Double = 600) throws -> ChildProcess {
        try ChildProcess(playbookExecutable, arguments, directory: directory, timeout: timeout)
    }

    /// Runs `playbook ARGS…` to the end.
    static func runPlaybook(_ arguments: [String], in directory: String? = nil, timeout: Double = 600) throws -> Output {
        try playbook(arguments, in: directory, timeout: timeout).wait()
    }

    /// Starts a Python program on a lab host as root; the program text travels on stdin.
    static func python(on host: String, lab: Lab, script: String, timeout: Double = 600) throws -> ChildProcess {
        try ChildProcess(lab.labScript, ["exec", host, "python3", "-"], stdin: Data(script.utf8), timeout: timeout)
    }
}

extension ChildProcess.Output {
    /// PLAY RECAP counters per host: `["h121": ["ok": 3, "changed": 1, …]]`.
    var recap: [String: [String: Int]] {
        var result: [String: [String: Int]] = [:]
        guard let start = stdout.range(of: "PLAY RECAP") else { return result }
        for line in stdout[start.upperBound...].split(separator: "\n") {
            let halves = line.split(separator: ":", maxSplits: 1)
            guard halves.count == 2 else { continue }
            var counters: [String: Int] = [:]
            for pair in halves[1].split(separator: " ") {
                let parts = pair.split(separator: "=")
                if parts.count == 2, let value = Int(parts[1]) { counters[String(parts[0])] = value }
            }
            if counters["ok"] != nil, counters["unreachable"] != nil {
                result[halves[0].trimmingCharacters(in: .whitespaces)] = counters
            }
        }
        return result
    }
}
