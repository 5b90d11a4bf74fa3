import Foundation
import Testing
import TestSupport
@testable import Transport

/// Logging in with what a user may have: an encrypted key, an RSA key, a password. Keys are
/// added to h32's root account for the test (the hosts' disks are volatile overlays).
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct LabAuthenticationTests {
    /// A new key pair in a temporary directory, authorized for root on `host`.
    func authorizedKey(_ lab: Lab, host: String, type: String, passphrase: String) throws -> String {
        let directory = NSTemporaryDirectory() + "pb-keys-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let key = directory + "/id_\(type)"
        let made = try Lab.runProcess("/usr/bin/ssh-keygen", ["-q", "-t", type, "-N", passphrase, "-C", "pb-test", "-f", key])
        #expect(made.status == 0, "\(made.stderr)")
        let publicKey = try String(contentsOfFile: key + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let added = try lab.exec(host, ["sh", "-c", "echo \(ShellQuote.quote(publicKey)) >> /root/.ssh/authorized_keys"])
        #expect(added.status == 0)
        return key
    }

    func target(_ lab: Lab, key: String) throws -> SSHTarget {
        var target = try lab.target("h32")
        target.identityFiles = [key]
        return target
    }

    @Test func anEncryptedKeyAsksForItsPassphraseOnce() throws {
        let lab = try Lab.require(hosts: 50)
        let key = try authorizedKey(lab, host: "h32", type: "ed25519", passphrase: "correct horse")
        defer { try? FileManager.default.removeItem(atPath: (key as NSString).deletingLastPathComponent) }
        let asked = LockedBox([String]())
        let options = SSHOptions(passphrase: { path in
            asked.update { $0.append(path) }
            return Secret("correct horse")
        })
        let connection = try SSHConnection.connect(try target(lab, key: key), options: options)
        connection.close()
        #expect(asked.get() == [key])

        #expect {
            try SSHConnection.connect(try target(lab, key: key))
        } throws: { error in
            guard case TransportError.authenticationFailed(_, let reason) = error else { return false }
            return reason.contains("\(key) (encrypted, no passphrase given)")
        }
        let wrong = SSHOptions(passphrase: { _ in Secret("wrong") })
        #expect {
            try SSHConnection.connect(try target(lab, key: key), options: wrong)
        } throws: { error in
            guard case TransportError.authenticationFailed(_, let reason) = error else { return false }
            return reason.contains("wrong passphrase")
        }
    }

    @Test func aRefusedRSAKeyExplainsWhy() throws {
        let lab = try Lab.require(hosts: 50)
        let key = try authorizedKey(lab, host: "h32", type: "rsa", passphrase: "")
        defer { try? FileManager.default.removeItem(atPath: (key as NSString).deletingLastPathComponent) }
        #expect {
            try SSHConnection.connect(try target(lab, key: key))
        } throws: { error in
            guard case TransportError.authenticationFailed(_, let reason) = error else { return false }
            return reason.contains("\(key) (refused)") && reason.contains("rsa-sha2-256/512")
                && reason.contains("ed25519") && reason.contains("the server accepts: publickey,password")
        }
    }

    @Test func passwordLogin() throws {
        let lab = try Lab.require(hosts: 50)
        var target = try lab.target("h32", user: "deployp")
        target.identityFiles = ["/nonexistent/key"]
        target.password = Secret(try lab.deploypPassword())
        let log = LabRun.LogSink()
        let connection = try SSHConnection.connect(target, options: log.options)
        #expect(try connection.run(RunRequest(program: "id -un")).stdoutText == "deployp\n")
        connection.close()
        #expect(log.text.contains("authenticated with password"))
        #expect(!log.text.contains(try lab.deploypPassword()))

        target.password = Secret("wrong-\(UUID().uuidString)")
        #expect {
            try SSHConnection.connect(target)
        } throws: { error in
            guard case TransportError.authenticationFailed(_, let reason) = error else { return false }
            return reason.contains("password (refused)") && reason.contains("/nonexistent/key (cannot be read)")
        }
    }
}
