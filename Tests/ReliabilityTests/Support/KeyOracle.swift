import Foundation
import TestSupport

/// What OpenSSH's own tools say about keys and known_hosts files: fingerprints by
/// `ssh-keygen -l`, hashed host names by `ssh-keygen -H`, and the verdict of `ssh` itself on a
/// known_hosts file. Independent of the code under test, so its answers can judge it.
enum KeyOracle {
    /// `SHA256:…` of a known_hosts line's key, as `ssh-keygen -l` prints it.
    static func fingerprint(ofLine line: String) throws -> String {
        let directory = try ReliabilityLab.temporaryDirectory("fingerprint")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/key"
        try (line + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let result = try Lab.runProcess("/usr/bin/ssh-keygen", ["-l", "-E", "sha256", "-f", file])
        guard result.status == 0, let field = result.stdout.split(separator: " ").dropFirst().first else {
            throw Lab.Unavailable(description: "ssh-keygen -l: \(result.stderr)")
        }
        return String(field)
    }

    /// The line with its host field hashed by `ssh-keygen -H` (`|1|salt|hash type key`).
    static func hashed(_ line: String) throws -> String {
        let directory = try ReliabilityLab.temporaryDirectory("hash")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/known_hosts"
        try (line + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let result = try Lab.runProcess("/usr/bin/ssh-keygen", ["-H", "-f", file])
        guard result.status == 0 else { throw Lab.Unavailable(description: "ssh-keygen -H: \(result.stderr)") }
        let text = try String(contentsOfFile: file, encoding: .utf8)
        guard let hashed = text.split(separator: "\n").first(where: { $0.hasPrefix("|1|") }) else {
            throw Lab.Unavailable(description: "ssh-keygen -H wrote no hashed line: \(text)")
        }
        return String(hashed)
    }

    /// Whether OpenSSH's `ssh` logs in with strict host key checking against `knownHosts`.
    static func opensshAccepts(address: String, port: Int, knownHosts: String, keyFile: String) throws -> Bool {
        let result = try Lab.runProcess(
            "/usr/bin/ssh",
            [
                "-p", String(port), "-i", keyFile, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=\(knownHosts)",
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR",
                "-F", "/dev/null", "root@\(address)", "true",
            ])
        return result.status == 0
    }
}

extension FileManager {
    /// The bytes of a file, or nil when it does not exist.
    func bytes(atPath path: String) -> Data? { contents(atPath: path) }

    /// Names in a directory, sorted; empty when it cannot be read.
    func names(in directory: String) -> [String] {
        ((try? contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }
}
