import Foundation

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
        var env = ProcessInfo.processInfo.environment
        // The user's Ansible settings must not change what the tests see.
        for name in env.keys where name.hasPrefix("ANSIBLE_") { env[name] = nil }
        env.merge(environment) { _, new in new }
        let result = try Subprocess.run(executable, arguments, directory: directory, environment: env, timeout: timeout)
        return Output(
            status: result.signaled ? 128 + result.status : result.status, stdout: result.stdout, stderr: result.stderr,
            seconds: result.seconds)
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
