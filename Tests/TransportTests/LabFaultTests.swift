import Foundation
import Testing
import TestSupport
@testable import Transport

/// What happens when hosts misbehave: a killed session, a program that never ends, a host that
/// drops every packet, a connection cut in the middle of an upload. Only on h45–h50.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct LabFaultTests {
    @Test func killingTheSessionWhileAProgramRunsIsConnectionLost() throws {
        let lab = try Lab.require(hosts: 50)
        let connection = try SSHConnection.connect(try lab.target("h46"))
        defer { connection.close() }
        let marker = "sleep 30.\(Int.random(in: 100_000...999_999))"
        let outcome = LockedBox<Result<CommandOutput, TransportError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread {
            outcome.set(Result { () throws(TransportError) -> CommandOutput in
                try connection.run(RunRequest(program: "echo started; \(marker); echo finished"))
            })
            done.signal()
        }.start()
        // The sshd process serving our session is the parent of the long-lived shell, which is
        // the grandparent of the sleep.
        var killed = ""
        for _ in 0..<50 {
            let result = try lab.exec(
                "h46",
                [
                    "sh", "-c",
                    "p=$(pgrep -f -x '\(marker)') || exit 1; c=$(ps -o ppid= -p $p); s=$(ps -o ppid= -p $c);"
                        + " d=$(ps -o ppid= -p $s); ps -o args= -p $d; kill -9 $d",
                ])
            if result.status == 0 {
                killed = result.stdout
                break
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(killed.contains("sshd"), "killed: \(killed)")
        #expect(done.wait(timeout: .now() + 20) == .success)
        guard case .failure(.connectionLost)? = outcome.get() else {
            Issue.record("expected connectionLost, got \(String(describing: outcome.get()))")
            return
        }
        // The connection is dead: later runs fail at once, without re-running anything.
        let start = Date()
        #expect(throws: TransportError.self) { try connection.run(RunRequest(program: "true")) }
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test func aTimeoutKillsTheRemoteProgram() throws {
        let lab = try Lab.require(hosts: 50)
        let connection = try SSHConnection.connect(try lab.target("h47"))
        defer { connection.close() }
        let marker = "sleep 3600.\(Int.random(in: 100_000...999_999))"
        let start = Date()
        #expect(throws: TransportError.timedOut(host: "h47", seconds: 5)) {
            try connection.run(RunRequest(program: "\(marker) & wait; \(marker)", timeoutSeconds: 5))
        }
        let elapsed = Date().timeIntervalSince(start)
        print("timeout: a 5 s timeout ended the run after \(String(format: "%.2f", elapsed)) s")
        #expect(elapsed >= 5 && elapsed < 6.5, "took \(elapsed) s")
        let survivors = try lab.exec("h47", ["pgrep", "-f", marker])
        #expect(survivors.stdout.isEmpty, "still running: \(survivors.stdout)")
        // The session survives a timeout.
        #expect(try connection.run(RunRequest(program: "echo alive")).stdoutText == "alive\n")
    }

    @Test func aBlackholedHostIsUnreachableWithinTheConnectTimeout() throws {
        let lab = try Lab.require(hosts: 50)
        try lab.script(["blackhole", "h48"])
        defer { _ = try? lab.script(["unblackhole", "h48"]) }
        var target = try lab.target("h48")
        target.connectTimeout = 3
        let start = Date()
        do {
            _ = try SSHConnection.connect(target)
            Issue.record("connected to a blackholed host")
        } catch {
            #expect(error.makesHostUnreachable, "\(error)")
        }
        let elapsed = Date().timeIntervalSince(start)
        #expect(abs(elapsed - 3) < 1, "took \(elapsed) s")
    }

    @Test func aBlackholeDuringARunIsConnectionLostAfterTheDeadline() throws {
        let lab = try Lab.require(hosts: 50)
        let connection = try SSHConnection.connect(try lab.target("h48"), options: SSHOptions(timeoutGrace: 2))
        defer { connection.close() }
        // A first run starts the login shell: the blackhole then falls in the middle of a session.
        _ = try connection.run(RunRequest(program: "true"))
        try lab.script(["blackhole", "h48"])
        defer { _ = try? lab.script(["unblackhole", "h48"]) }
        let start = Date()
        do {
            _ = try connection.run(RunRequest(program: "sleep 1; echo done", timeoutSeconds: 2))
            Issue.record("a run through a blackhole succeeded")
        } catch {
            guard case .connectionLost = error else {
                Issue.record("expected connectionLost, got \(error)")
                return
            }
        }
        #expect(Date().timeIntervalSince(start) < 6)
    }

    /// Interrupting uploads at random moments: the destination always holds the old or the new
    /// bytes, never a mix, and leftover temporary files are mode 0600.
    @Test func anUploadCutShortLeavesTheOldOrTheNewFile() throws {
        let lab = try Lab.require(hosts: 50)
        let target = try lab.target("h49")
        let destination = "/root/pb-upload-cut.bin"
        let oldBytes = [UInt8](repeating: 0x11, count: 4 << 20)
        let newBytes = (0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        let digests = [try LabRun.sha256sum(oldBytes), try LabRun.sha256sum(newBytes)]
        let setup = try SSHConnection.connect(target)
        try setup.upload(.bytes(oldBytes), to: destination, mode: 0o640)
        setup.close()
        var outcomes: [String: Int] = [:]
        for attempt in 0..<10 {
            let connection = try SSHConnection.connect(target)
            let delay = Double(attempt % 5) * 0.02
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: delay)
                connection.interrupt()
            }
            do {
                try connection.upload(.bytes(newBytes), to: destination, mode: 0o640)
                outcomes["completed", default: 0] += 1
            } catch {
                outcomes[error.makesHostUnreachable ? "lost" : "\(error)", default: 0] += 1
            }
            connection.close()
            let digest = try lab.exec("h49", ["sh", "-c", "sha256sum < \(destination) | cut -d' ' -f1"]).stdout
            #expect(digests.contains(digest.trimmingCharacters(in: .whitespacesAndNewlines)), "attempt \(attempt)")
        }
        print("upload cut short: \(outcomes)")
        let modes = try lab.exec("h49", ["sh", "-c", "stat -c '%a %n' /root/.pb-upload-cut.bin.*.tmp 2>/dev/null; rm -f /root/.pb-upload-cut.bin.*.tmp \(destination)"]).stdout
        for line in modes.split(separator: "\n") { #expect(line.hasPrefix("600 "), "\(line)") }
    }
}
