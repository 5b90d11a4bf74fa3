import Foundation
import Transport

/// A `Connection` to a lab host that runs programs through `scripts/lab exec HOST sh -s` (nsenter,
/// as root) instead of SSH: a real host with real behaviour, only the path to it differs. Module
/// tests can use it when the SSH transport is the thing under suspicion.
public final class LabExecConnection: Connection, @unchecked Sendable {
    public let hostName: String
    private let labScript: String

    public init(lab: Lab, host: String) {
        self.hostName = host
        self.labScript = lab.labScript
    }

    public func run(_ request: RunRequest) throws(TransportError) -> CommandOutput {
        var program = "{ exec </dev/null\n"
        for (name, value) in request.environment {
            program += "export \(name)=\(ShellQuote.quote(value))\n"
        }
        program += request.program + "\n}\n"
        var command = ["sh", "-s"]
        if let seconds = request.timeoutSeconds {
            command = ["timeout", "-k", "5", String(seconds)] + command
        }
        // The lab runs everything as root already; a become user other than root runs through su.
        if let become = request.become, become.user != "root" {
            command = ["su", "-s", "/bin/sh", become.user, "-c", command.joined(separator: " ")]
        }
        let output = try execute(command, stdin: Array(program.utf8))
        if let seconds = request.timeoutSeconds, output.termination == .exited(124) {
            throw .timedOut(host: hostName, seconds: seconds)
        }
        return output
    }

    public func upload(_ source: UploadSource, to remotePath: String, mode: UInt16) throws(TransportError) {
        let bytes: [UInt8]
        switch source {
        case .bytes(let data): bytes = data
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .localFile(path: path, reason: "cannot read")
            }
            bytes = Array(data)
        }
        let temporary = remotePath + ".lab-upload"
        let script =
            "umask 077 && cat > \(ShellQuote.quote(temporary)) && chmod \(String(mode, radix: 8)) \(ShellQuote.quote(temporary)) && mv -f \(ShellQuote.quote(temporary)) \(ShellQuote.quote(remotePath))"
        let output = try execute(["sh", "-c", script], stdin: bytes)
        guard output.succeeded else {
            throw .ssh(host: hostName, call: "upload", code: -1, message: output.stderrText)
        }
    }

    public func close() {}

    private func execute(_ command: [String], stdin: [UInt8]) throws(TransportError) -> CommandOutput {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: labScript)
        process.arguments = ["exec", hostName] + command
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw .unreachable(host: hostName, reason: "cannot run \(labScript): \(error)")
        }
        let collected = LockedBox((Data(), Data()))
        let done = DispatchSemaphore(value: 0)
        Thread {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            collected.update { $0.0 = data }
            done.signal()
        }.start()
        Thread {
            let data = errors.fileHandleForReading.readDataToEndOfFile()
            collected.update { $0.1 = data }
            done.signal()
        }.start()
        input.fileHandleForWriting.write(Data(stdin))
        try? input.fileHandleForWriting.close()
        done.wait()
        done.wait()
        process.waitUntilExit()
        let (out, err) = collected.get()
        let termination: CommandOutput.Termination =
            process.terminationReason == .uncaughtSignal
            ? .signaled(String(process.terminationStatus)) : .exited(process.terminationStatus)
        return CommandOutput(stdout: Array(out), stderr: Array(err), termination: termination)
    }
}
