import Foundation
import Transport

/// A `Connection` to this machine: programs run in `/bin/sh -s` with the program on stdin, the
/// way the SSH transport starts them. Unit tests use it to run real module programs against
/// files in a temporary directory; host-level behaviour is tested on the lab hosts.
final class LocalShellConnection: Connection, @unchecked Sendable {
    let hostName = "localhost"
    private(set) var runs: [RunRequest] = []
    private(set) var uploads: [String] = []

    func run(_ request: RunRequest) throws(TransportError) -> CommandOutput {
        runs.append(request)
        var command = ["/bin/sh", "-s"]
        if let seconds = request.timeoutSeconds { command = ["timeout", "-k", "2", String(seconds)] + command }
        return try LocalShellConnection.execute(command, stdin: Array(request.program.utf8))
    }

    func upload(_ source: UploadSource, to remotePath: String, mode: UInt16) throws(TransportError) {
        uploads.append(remotePath)
        let bytes: [UInt8]
        switch source {
        case .bytes(let b): bytes = b
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .localFile(path: path, reason: "cannot read")
            }
            bytes = Array(data)
        }
        let temporary = remotePath + ".upload-tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes), attributes: [.posixPermissions: Int(mode)]),
            rename(temporary, remotePath) == 0
        else { throw .ssh(host: hostName, call: "upload", code: -1, message: "cannot write \(remotePath)") }
    }

    func close() {}

    /// Runs a command with bytes on stdin and collects both outputs.
    static func execute(_ command: [String], stdin: [UInt8]) throws(TransportError) -> CommandOutput {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw .unreachable(host: "localhost", reason: "cannot start \(command): \(error)")
        }
        let group = DispatchGroup()
        nonisolated(unsafe) var out = Data()
        nonisolated(unsafe) var err = Data()
        DispatchQueue.global().async(group: group) { out = output.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { err = errors.fileHandleForReading.readDataToEndOfFile() }
        input.fileHandleForWriting.write(Data(stdin))
        try? input.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        let termination: CommandOutput.Termination =
            process.terminationReason == .uncaughtSignal
            ? .signaled(String(process.terminationStatus)) : .exited(process.terminationStatus)
        return CommandOutput(stdout: Array(out), stderr: Array(err), termination: termination)
    }
}
