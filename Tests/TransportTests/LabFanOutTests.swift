import Foundation
import Testing
import TestSupport
@testable import Transport

/// Programs on many lab hosts at once, one thread per host, directly and through a jump host.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct LabFanOutTests {
    struct HostReport: Sendable {
        var host: String
        var problems: [String]
    }

    /// Every kind of output the protocol must carry: a failing status with stderr, 1 MB of
    /// random bytes (checked against the host's own sha256sum), and a program reading stdin.
    static func exercise(_ connection: SSHConnection) -> [String] {
        var problems: [String] = []
        do {
            let failing = try connection.run(RunRequest(program: "echo \"out $(hostname)\"; echo 'to stderr' >&2; exit 3"))
            if failing.termination != .exited(3) { problems.append("status \(failing.termination)") }
            if failing.stdoutText != "out \(connection.hostName)\n" { problems.append("stdout \(failing.stdoutText)") }
            if failing.stderrText != "to stderr\n" { problems.append("stderr \(failing.stderrText)") }

            let binary = try connection.run(
                RunRequest(
                    program: """
                        f=$(mktemp); head -c 1048576 /dev/urandom > "$f"
                        sha256sum < "$f" | cut -d' ' -f1 >&2; cat "$f"; rm -f "$f"
                        """))
            if binary.stdout.count != 1_048_576 { problems.append("binary size \(binary.stdout.count)") }
            if try LabRun.sha256sum(binary.stdout) + "\n" != binary.stderrText {
                problems.append("binary digest differs")
            }

            let stdin = try connection.run(RunRequest(program: "cat; read x || echo no-stdin\necho still-running"))
            if stdin.stdoutText != "no-stdin\nstill-running\n" { problems.append("stdin \(stdin.stdoutText)") }
        } catch {
            problems.append("\(error)")
        }
        return problems
    }

    @Test func everyHostAnswersAtOnce() throws {
        // Fifty hosts that no fault test touches: the shared range plus h51–h59, which no suite owns.
        let lab = try Lab.require(hosts: 59)
        let hosts = try lab.hosts(LabRun.sharedRange) + lab.hosts(51...59)
        #expect(hosts.count == 50)
        // Keys are read as they are now, so a host rekeyed earlier still verifies.
        let knownHosts = try lab.currentKnownHostsFile(for: hosts)
        defer { try? FileManager.default.removeItem(atPath: knownHosts) }
        let targets = try hosts.map { host in
            var target = try lab.target(host.name)
            target.knownHostsFiles = [knownHosts]
            return target
        }
        let start = Date()
        let reports = LabRun.onThreads(targets) { target -> HostReport in
            do {
                let connection = try SSHConnection.connect(target)
                defer { connection.close() }
                return HostReport(host: target.name, problems: Self.exercise(connection))
            } catch {
                return HostReport(host: target.name, problems: ["connect: \(error)"])
            }
        }
        print("fan-out: \(targets.count) hosts, 3 programs each, in \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
        #expect(reports.count == targets.count)
        for report in reports {
            #expect(report.problems.isEmpty, "\(report.host): \(report.problems)")
        }
    }

    @Test func throughAJumpHost() throws {
        let lab = try Lab.require(hosts: 50)
        let jump = try lab.target("h4")
        let targets = try lab.hosts(5...44).map { host in
            var target = try lab.target(host.name)
            target.proxyJump = [jump]
            return target
        }
        let reports = LabRun.onThreads(targets) { target -> HostReport in
            do {
                let connection = try SSHConnection.connect(target)
                defer { connection.close() }
                return HostReport(host: target.name, problems: Self.exercise(connection))
            } catch {
                return HostReport(host: target.name, problems: ["connect: \(error)"])
            }
        }
        for report in reports {
            #expect(report.problems.isEmpty, "\(report.host): \(report.problems)")
        }
    }

    @Test func throughTwoJumpHosts() throws {
        let lab = try Lab.require(hosts: 50)
        var target = try lab.target("h21")
        target.proxyJump = [try lab.target("h4"), try lab.target("h5")]
        let connection = try SSHConnection.connect(target)
        defer { connection.close() }
        #expect(Self.exercise(connection).isEmpty)
        // The hop really is h5: the target sees h5's address as its peer.
        let peer = try connection.run(RunRequest(program: "echo \"$SSH_CONNECTION\" | cut -d' ' -f1"))
        #expect(peer.stdoutText == (try lab.host("h5").address) + "\n")
    }

    @Test func unreachableJumpHostIsNamed() throws {
        let lab = try Lab.require(hosts: 50)
        var target = try lab.target("h6")
        var jump = try lab.target("h7")
        jump.port = 1
        jump.connectTimeout = 3
        target.proxyJump = [jump]
        do {
            _ = try SSHConnection.connect(target)
            Issue.record("connected through a closed port")
        } catch {
            #expect(error.makesHostUnreachable)
            #expect(error.description.contains("port 1"), "\(error)")
            #expect(error.description.contains("jump host h7"), "\(error)")
        }
    }
}
