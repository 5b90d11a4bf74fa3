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
        let result: Subprocess.Result
        do {
            // The request's own timeout is enforced inside the host (`timeout`); this one only
            // keeps a wedged `scripts/lab exec` from hanging the tests.
            result = try Subprocess.run(labScript, ["exec", hostName] + command, input: stdin, timeout: 3600)
        } catch {
            throw .unreachable(host: hostName, reason: "cannot run \(labScript): \(error)")
        }
        let termination: CommandOutput.Termination =
            result.signaled ? .signaled(String(result.status)) : .exited(result.status)
        return CommandOutput(stdout: result.stdoutBytes, stderr: result.stderrBytes, termination: termination)
    }
}
