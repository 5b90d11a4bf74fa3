import Foundation
import Testing
import TestSupport
@testable import Transport

/// Figures, not assertions: session setup, per-command latency on the long-lived shell, and the
/// same command through a fresh exec channel each time (what the shell saves).
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct LabBenchmarkTests {
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    static func milliseconds(_ value: Double) -> String { String(format: "%.2f ms", value * 1000) }

    @Test func sessionSetupAndCommandLatency() throws {
        let lab = try Lab.require(hosts: 50)
        let target = try lab.target("h31")
        var setups: [SetupTimings] = []
        for _ in 0..<20 {
            let connection = try SSHConnection.connect(target)
            _ = try connection.run(RunRequest(program: "true"))  // starts the login shell
            setups.append(connection.setupTimings)
            connection.close()
        }
        func phase(_ value: KeyPath<SetupTimings, Double>) -> String { Self.milliseconds(Self.median(setups.map { $0[keyPath: value] })) }
        let connection = try SSHConnection.connect(target)
        defer { connection.close() }
        var shellRuns: [Double] = []
        for _ in 0..<100 {
            let start = Date()
            let output = try connection.run(RunRequest(program: "true"))
            shellRuns.append(Date().timeIntervalSince(start))
            #expect(output.succeeded)
        }
        var execRuns: [Double] = []
        for _ in 0..<100 {
            let start = Date()
            let status = try Self.execChannelRun(connection, "true")
            execRuns.append(Date().timeIntervalSince(start))
            #expect(status == 0)
        }
        let deploy = try SSHConnection.connect(try lab.target("h31", user: "deploy"))
        defer { deploy.close() }
        _ = try deploy.run(RunRequest(program: "true", become: Become()))
        var sudoRuns: [Double] = []
        for _ in 0..<100 {
            let start = Date()
            _ = try deploy.run(RunRequest(program: "true", become: Become()))
            sudoRuns.append(Date().timeIntervalSince(start))
        }
        print(
            """
            benchmark (h31, median):
              session setup, 20 runs:                                     \(phase(\.total))
                TCP connect \(phase(\.connect)), key exchange + host key \(phase(\.handshake)), authentication \(phase(\.authentication)), shell start \(phase(\.shell))
              'true' on the long-lived shell, 100 runs:                   \(Self.milliseconds(Self.median(shellRuns)))
              'true' on a new exec channel each, 100 runs:                \(Self.milliseconds(Self.median(execRuns)))
              'true' with sudo (NOPASSWD) on the shell, 100 runs:         \(Self.milliseconds(Self.median(sudoRuns)))
            """)
    }

    /// One program through its own exec channel, as a tool without the long-lived shell would.
    static func execChannelRun(_ connection: SSHConnection, _ command: String) throws -> Int32 {
        let session = try #require(connection.session)
        let deadline = Deadline.after(seconds: 10)
        let channel = try SSHChannel.openSession(on: session, until: deadline)
        try channel.exec(command, until: deadline)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            switch try channel.read(stream: 0, into: &buffer) {
            case .data: continue
            case .endOfFile:
                try channel.waitClosed(until: deadline)
                return channel.exitCode()
            case .wouldBlock: try session.waitForSocket("read", until: deadline)
            }
        }
    }
}
