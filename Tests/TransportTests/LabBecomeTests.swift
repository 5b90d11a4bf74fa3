import Foundation
import Testing
import TestSupport
@testable import Transport

/// Privilege escalation on real sudo: NOPASSWD, with a password, a wrong password, and a canary
/// password that must never show up anywhere.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct LabBecomeTests {
    @Test func sudoWithoutPassword() throws {
        let lab = try Lab.require(hosts: 50)
        let connection = try SSHConnection.connect(try lab.target("h24", user: "deploy"))
        defer { connection.close() }
        for _ in 0..<3 {
            let output = try connection.run(RunRequest(program: "id -u; echo \"$PB\"", become: Become(), environment: [("PB", "x y")]))
            #expect(output.stdoutText == "0\nx y\n")
            #expect(output.stderr.isEmpty, "\(output.stderrText)")
        }
        let other = try connection.run(RunRequest(program: "id -un", become: Become(user: "deployp")))
        #expect(other.stdoutText == "deployp\n")
        let timed = try connection.run(RunRequest(program: "id -u", become: Become(), timeoutSeconds: 30))
        #expect(timed.stdoutText == "0\n")
    }

    @Test func sudoWithPassword() throws {
        let lab = try Lab.require(hosts: 50)
        let password = Secret(try lab.deploypPassword())
        let connection = try SSHConnection.connect(try lab.target("h25", user: "deployp"))
        defer { connection.close() }
        for _ in 0..<3 {
            let output = try connection.run(
                RunRequest(program: "id -u; echo done >&2", become: Become(password: password), timeoutSeconds: 60))
            #expect(output.stdoutText == "0\n")
            #expect(output.stderrText == "done\n")
        }
        // Without become the same connection is the login user.
        #expect(try connection.run(RunRequest(program: "id -un")).stdoutText == "deployp\n")
    }

    @Test func aWrongPasswordFailsFastAndIsNotTriedAgain() throws {
        let lab = try Lab.require(hosts: 50)
        let connection = try SSHConnection.connect(try lab.target("h26", user: "deployp"))
        defer { connection.close() }
        let marker = "/tmp/pb-must-not-exist-\(UUID().uuidString)"
        let request = RunRequest(program: "touch \(marker)", become: Become(password: Secret("not-the-password")))
        let start = Date()
        #expect {
            try connection.run(request)
        } throws: { error in
            guard case TransportError.becomeFailed(_, let reason) = error else { return false }
            return reason.contains("incorrect sudo password")
        }
        let first = Date().timeIntervalSince(start)
        #expect(first < 5, "took \(first) s")
        let again = Date()
        #expect(throws: TransportError.self) { try connection.run(request) }
        #expect(Date().timeIntervalSince(again) < 0.5)
        #expect(try lab.exec("h26", ["test", "-e", marker]).status != 0)
        // No password at all: a clear message, not a hang.
        let fresh = try SSHConnection.connect(try lab.target("h26", user: "deployp"))
        defer { fresh.close() }
        #expect {
            try fresh.run(RunRequest(program: "true", become: Become()))
        } throws: { error in
            guard case TransportError.becomeFailed(_, let reason) = error else { return false }
            return reason.contains("needs a password")
        }
    }

    @Test func suWorksFromRootAndRefusesClearlyOtherwise() throws {
        let lab = try Lab.require(hosts: 50)
        let root = try SSHConnection.connect(try lab.target("h27"))
        defer { root.close() }
        #expect(try root.run(RunRequest(program: "id -un", become: Become(method: .su, user: "deploy"))).stdoutText == "deploy\n")
        let deploy = try SSHConnection.connect(try lab.target("h27", user: "deploy"))
        defer { deploy.close() }
        #expect {
            try deploy.run(RunRequest(program: "id -un", become: Become(method: .su, user: "root", password: Secret("x"))))
        } throws: { error in
            guard case TransportError.becomeFailed(_, let reason) = error else { return false }
            return reason.contains("terminal")
        }
    }

    /// The real sudo password and a wrong canary are used while another thread samples every
    /// process's argv and environment on the host; neither may appear there, in any output, or
    /// in the debug log at its most verbose.
    @Test func passwordsNeverLeak() throws {
        let lab = try Lab.require(hosts: 50)
        let host = "h28"
        let real = try lab.deploypPassword()
        let canary = "canary-\(UUID().uuidString)"
        let log = LabRun.LogSink()
        let stop = LockedBox(false)
        let samples = LockedBox([String]())
        let sampler = DispatchSemaphore(value: 0)
        Thread {
            while !stop.get() {
                if let result = try? lab.exec(
                    host, ["sh", "-c", "cat /proc/[0-9]*/cmdline /proc/[0-9]*/environ 2>/dev/null | tr '\\0' ' '"])
                {
                    samples.update { $0.append(result.stdout) }
                }
            }
            sampler.signal()
        }.start()
        var outputs: [String] = []
        for round in 0..<4 {
            let connection = try SSHConnection.connect(try lab.target(host, user: "deployp"), options: log.options)
            let output = try connection.run(
                RunRequest(program: "id -u; sleep 0.3", become: Become(password: Secret(real)), timeoutSeconds: 30))
            outputs += [output.stdoutText, output.stderrText]
            do {
                let wrong = try connection.run(RunRequest(program: "id -u; sleep 0.3", become: Become(password: Secret(canary))))
                outputs += [wrong.stdoutText, wrong.stderrText]
            } catch {
                outputs.append("\(error)")
            }
            connection.close()
            _ = round
        }
        stop.set(true)
        sampler.wait()
        let sampled = samples.get()
        #expect(sampled.count >= 3, "only \(sampled.count) process-list samples")
        // The sampler really saw our runs: sudo's command line (with the prompt, not the password).
        #expect(sampled.contains { $0.contains("sudo -k -S -p") })
        print("secrets: \(sampled.count) process-list samples of \(host), none with a password")
        for text in outputs + [log.text] + sampled {
            #expect(!text.contains(canary))
            #expect(!text.contains(real))
        }
        #expect(log.text.contains("[4]"))
    }
}
