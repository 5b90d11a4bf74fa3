import Foundation
import TestSupport

/// One run of the `playbook` binary as a user starts it, to the end. Output goes to files, so a
/// chatty run can never stall on a full pipe.
struct PlaybookRun: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String
    var seconds: Double

    init(_ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        // The user's Ansible settings must not change what the test sees.
        for name in environment.keys where name.hasPrefix("ANSIBLE_") { environment[name] = nil }
        process.environment = environment
        let outPath = directory.appendingPathComponent("run.stdout")
        let errPath = directory.appendingPathComponent("run.stderr")
        FileManager.default.createFile(atPath: outPath.path, contents: nil)
        FileManager.default.createFile(atPath: errPath.path, contents: nil)
        let out = try FileHandle(forWritingTo: outPath)
        let err = try FileHandle(forWritingTo: errPath)
        defer {
            try? out.close()
            try? err.close()
        }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let start = Date()
        try process.run()
        process.waitUntilExit()
        seconds = Date().timeIntervalSince(start)
        status = process.terminationStatus
        stdout = (try? String(contentsOf: outPath, encoding: .utf8)) ?? ""
        stderr = (try? String(contentsOf: errPath, encoding: .utf8)) ?? ""
    }

    /// The host's PLAY RECAP line, if the run got that far.
    func recapLine(_ host: String) -> String? {
        guard let recap = stdout.range(of: "PLAY RECAP") else { return nil }
        return stdout[recap.upperBound...].split(separator: "\n").first { $0.hasPrefix(host + " ") }.map(String.init)
    }

    var description: String {
        "exit \(status) after \(String(format: "%.1f", seconds)) s\n--- stdout\n\(stdout.suffix(4000))\n--- stderr\n\(stderr.suffix(2000))"
    }

    /// The binary next to the test bundle (both are products of the same build), else the
    /// default build directory's.
    static var executable: String {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        let candidates = [bundleDirectory + "/playbook", Lab.repositoryRootPath() + "/.build/debug/playbook"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }
}
