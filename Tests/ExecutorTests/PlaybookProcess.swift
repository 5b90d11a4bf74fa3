import Foundation
import TestSupport

/// The built `playbook` binary run as a user runs it: arguments in, exit status and the two
/// output streams out, killed if it outlives its deadline.
struct PlaybookProcess {
    struct Output: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double

        var description: String { "exit \(status) after \(seconds) s\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }

        /// PLAY RECAP counters per host: `["h1": ["ok": 3, "changed": 1, …]]`.
        var recap: [String: [String: Int]] { Recap.parse(stdout) }
    }

    /// The binary next to the test bundle (both are products of the same build), else the
    /// default build directory's.
    static var executable: String {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        for candidate in [bundleDirectory + "/playbook", FixtureFiles.repositoryRoot + "/.build/debug/playbook"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return bundleDirectory + "/playbook"
    }

    static func run(
        _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:], timeout: Double = 300
    ) throws -> Output {
        let process = Process()
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
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let started = Date()
        try process.run()
        let collected = LockedBox((Data(), Data()))
        let done = DispatchSemaphore(value: 0)
        Thread {
            let data = out.fileHandleForReading.readDataToEndOfFile()
            collected.update { $0.0 = data }
            done.signal()
        }.start()
        Thread {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            collected.update { $0.1 = data }
            done.signal()
        }.start()
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        done.wait()
        done.wait()
        process.waitUntilExit()
        watchdog.cancel()
        let (stdout, stderr) = collected.get()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self), seconds: Date().timeIntervalSince(started))
    }
}

/// Reads the PLAY RECAP lines of the console output.
enum Recap {
    static let fields = ["ok", "changed", "unreachable", "failed", "skipped", "rescued", "ignored"]

    static func parse(_ text: String) -> [String: [String: Int]] {
        var result: [String: [String: Int]] = [:]
        guard let start = text.range(of: "PLAY RECAP") else { return result }
        for line in text[start.upperBound...].split(separator: "\n") {
            let halves = line.split(separator: ":", maxSplits: 1)
            guard halves.count == 2 else { continue }
            var counters: [String: Int] = [:]
            for pair in halves[1].split(separator: " ") {
                let parts = pair.split(separator: "=")
                if parts.count == 2, let value = Int(parts[1]) { counters[String(parts[0])] = value }
            }
            if Set(counters.keys) == Set(fields) {
                result[halves[0].trimmingCharacters(in: .whitespaces)] = counters
            }
        }
        return result
    }
}
