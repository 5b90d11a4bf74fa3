import Foundation
import Testing
import TestSupport
@testable import Transport

/// Host-key checking against real sshd: unknown, changed, first contact in parallel, and the
/// key type asked for.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct LabHostKeyTests {
    func temporaryFile(_ contents: String) throws -> String {
        let path = NSTemporaryDirectory() + "pb-known-hosts-\(UUID().uuidString)"
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The host's current keys as known_hosts lines (`ip type base64`).
    func currentKeys(_ lab: Lab, _ host: String) throws -> [String] {
        let result = try lab.script(["hostkeys", host])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
    }

    @Test func strictRefusesAnUnknownHostAndLeavesKnownHostsAlone() throws {
        let lab = try Lab.require(hosts: 50)
        let unrelated = "# someone's file\nother.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJWOQDKf2AJQ+I5C45A6Qy9xCljik2XdJIL4NiUYiENi\n"
        let file = try temporaryFile(unrelated)
        defer { try? FileManager.default.removeItem(atPath: file) }
        var target = try lab.target("h22")
        target.knownHostsFiles = [file]
        let offered = try currentKeys(lab, "h22").first { $0.contains("ssh-ed25519") }!
        let fingerprint = Fingerprint.sha256(Base64.decode(offered.split(separator: " ")[2])!)
        do {
            _ = try SSHConnection.connect(target)
            Issue.record("an unknown host was accepted in strict mode")
        } catch {
            guard case .hostKeyRejected(_, let reason) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(reason.contains(fingerprint), "\(reason)")
            #expect(reason.contains(file), "\(reason)")
        }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == unrelated)
    }

    @Test func acceptNewRecordsEachOfManyHostsExactlyOnce() throws {
        let lab = try Lab.require(hosts: 50)
        let file = try temporaryFile("")
        defer { try? FileManager.default.removeItem(atPath: file) }
        // A first contact records the key the host has now, so rekeyed fault hosts count too.
        let hosts = try lab.hosts(LabRun.sharedRange.lowerBound...50)
        let targets = try hosts.map { host in
            var target = try lab.target(host.name)
            target.knownHostsFiles = [file]
            target.hostKeyPolicy = .acceptNew
            return target
        }
        for round in 1...2 {
            let failures = LabRun.onThreads(targets) { target -> String? in
                do {
                    let connection = try SSHConnection.connect(target)
                    connection.close()
                    return nil
                } catch {
                    return "\(target.name): \(error)"
                }
            }
            #expect(failures.compactMap { $0 }.isEmpty, "round \(round): \(failures.compactMap { $0 })")
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let lines = text.split(separator: "\n")
            #expect(lines.count == hosts.count, "round \(round)")
            let parsed = KnownHosts.parse(text, file: file)
            #expect(parsed.problems.isEmpty)
            for host in hosts {
                let entries = parsed.lookup(host: host.address)
                #expect(entries.count == 1, "\(host.name) has \(entries.count) lines")
                #expect(entries.first?.keyType == "ssh-ed25519")
            }
        }
        // Every recorded key is the host's real key.
        let recorded = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
        for host in hosts.prefix(3) {
            let real = try currentKeys(lab, host.name)
            #expect(recorded.contains { line in real.contains(line) }, "\(host.name)")
        }
    }

    @Test func aHostKnownOnlyByItsEd25519KeyIsAskedForEd25519() throws {
        let lab = try Lab.require(hosts: 50)
        for (type, expected) in [("ssh-ed25519", "hostkey=ssh-ed25519"), ("ecdsa-sha2-nistp256", "hostkey=ecdsa-sha2-nistp256")] {
            let line = try currentKeys(lab, "h23").first { $0.split(separator: " ")[1] == type }!
            let file = try temporaryFile(line + "\n")
            defer { try? FileManager.default.removeItem(atPath: file) }
            var target = try lab.target("h23")
            target.knownHostsFiles = [file]
            let log = LabRun.LogSink()
            let connection = try SSHConnection.connect(target, options: log.options)
            connection.close()
            #expect(log.text.contains(expected), "\(log.text)")
            #expect(log.text.contains("matches \(file):1"))
        }
    }

    @Test func aChangedKeyIsRefusedWithBothFingerprints() throws {
        let lab = try Lab.require(hosts: 50)
        let host = "h45"
        let before = try currentKeys(lab, host)
        let file = try temporaryFile(before.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(atPath: file) }
        var target = try lab.target(host)
        target.knownHostsFiles = [file]
        try SSHConnection.connect(target).close()

        let rekey = try lab.script(["rekey", host])
        #expect(rekey.status == 0, "\(rekey.stderr)")
        let after = try currentKeys(lab, host)
        let newKey = after.first { $0.contains("ssh-ed25519") }!
        let newFingerprint = Fingerprint.sha256(Base64.decode(newKey.split(separator: " ")[2])!)
        let oldKey = before.first { $0.contains("ssh-ed25519") }!
        let oldFingerprint = Fingerprint.sha256(Base64.decode(oldKey.split(separator: " ")[2])!)
        #expect(newFingerprint != oldFingerprint)
        for policy in [HostKeyPolicy.strict, .acceptNew] {
            target.hostKeyPolicy = policy
            do {
                _ = try SSHConnection.connect(target)
                Issue.record("a changed host key was accepted with \(policy)")
            } catch {
                guard case .hostKeyRejected(_, let reason) = error else {
                    Issue.record("unexpected \(error)")
                    continue
                }
                #expect(reason.contains("CHANGED"))
                #expect(reason.contains(newFingerprint), "\(reason)")
                #expect(reason.contains(oldFingerprint), "\(reason)")
                #expect(reason.contains("\(file):"), "\(reason)")
            }
        }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == before.joined(separator: "\n") + "\n")
        target.hostKeyPolicy = .off
        try SSHConnection.connect(target).close()
    }
}
