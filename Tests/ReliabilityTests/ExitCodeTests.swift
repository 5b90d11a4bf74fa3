import Foundation
import TestSupport
import Testing

extension Reliability {
    /// The exit-code matrix of the README, from real runs: every outcome has its code and no two
    /// outcomes share one. An interrupt (SIGINT to the running binary) lets the running task
    /// finish, starts no other, writes the reports and exits 130.
    @Suite(.serialized) struct ExitCodes {
        let lab: ReliabilityLab

        init() throws { lab = try ReliabilityLab() }

        struct Case {
            var outcome: String
            var arguments: [String]
            var expected: Int32
            var interruptAfter: Double? = nil
        }

        @Test func everyOutcomeHasItsOwnDocumentedCode() throws {
            let hosts = try lab.hosts(148...149)
            let directory = try ReliabilityLab.temporaryDirectory("exit-codes")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let ok = try lab.inventory([hosts[0]], in: directory + "/ok" , creating: true)
            let failing = try lab.inventory([hosts[0]], in: directory + "/failing", creating: true, hostVars: [hosts[0].name: "fail_me=true"])
            let unreachable = try lab.inventory(
                [hosts[0]], in: directory + "/unreachable", creating: true, hostVars: [hosts[0].name: "ansible_port=1"])
            let both = try lab.inventory(
                hosts, in: directory + "/both", creating: true, hostVars: [hosts[0].name: "fail_me=true", hosts[1].name: "ansible_port=1"])
            let aborted = try lab.inventory(hosts, in: directory + "/aborted", creating: true, hostVars: [hosts[1].name: "fail_me=true"])
            let fail = ReliabilityLab.fixture("faults/fail.yml")
            let cases = [
                Case(outcome: "ok", arguments: ["-i", ok, fail], expected: 0),
                Case(outcome: "failed", arguments: ["-i", failing, fail], expected: 2),
                Case(outcome: "unreachable", arguments: ["-i", unreachable, fail], expected: 4),
                Case(outcome: "failed and unreachable", arguments: ["-i", both, fail], expected: 6),
                Case(outcome: "aborted (any_errors_fatal; a host failed)", arguments: ["-i", aborted, ReliabilityLab.fixture("faults/any-errors-fatal.yml")], expected: 10),
                Case(
                    outcome: "not idempotent (--verify-idempotence)",
                    arguments: ["-i", ok, ReliabilityLab.fixture("faults/not-idempotent.yml"), "--verify-idempotence"],
                    expected: 16),
                Case(outcome: "parse error", arguments: ["-i", ok, ReliabilityLab.fixture("faults/malformed.yml")], expected: 65),
                Case(outcome: "bad option", arguments: ["-i", ok, fail, "--no-such-option"], expected: 64),
                Case(
                    outcome: "interrupted (SIGINT)",
                    arguments: ["-i", ok, ReliabilityLab.fixture("faults/sleep.yml"), "--report-json", directory + "/interrupted.json"],
                    expected: 130, interruptAfter: 2),
            ]
            let tally = Tally("faults", "exit codes: ok 0, failed 2, unreachable 4, both 6, aborted 8 (+2), not idempotent 16, parse 65, usage 64, SIGINT 130")
            var seen: [Int32: Set<String>] = [:]
            for _ in 0..<Trials.count(ci: 2, long: 5) {
                for item in cases {
                    tally.trial {
                        try lab.sh(hosts[0].name, "rm -f /root/pb-after-interrupt")
                        try? FileManager.default.removeItem(atPath: directory + "/interrupted.json")
                        let run = try ChildProcess.playbook(item.arguments, in: directory)
                        if let delay = item.interruptAfter {
                            Thread.sleep(forTimeInterval: delay)
                            run.signal(SIGINT)
                        }
                        let output = run.wait()
                        seen[output.status, default: []].insert(item.outcome)
                        var problems = Problems()
                        problems.check(output.status == item.expected, "\(item.outcome): exit \(output.status), expected \(item.expected): \(output.stderr.suffix(400))")
                        if item.interruptAfter != nil {
                            // The running task finished (4 s), the next one never started.
                            problems.check(output.seconds < 4 + 5, "\(item.outcome): took \(output.seconds) s")
                            problems.check(try lab.sh(hosts[0].name, "cat /root/pb-after-interrupt 2>/dev/null || true").isEmpty, "a task started after SIGINT")
                            let report = FileManager.default.contents(atPath: directory + "/interrupted.json") ?? Data()
                            problems.check((try? JSONSerialization.jsonObject(with: report)) != nil, "no valid JSON report after SIGINT")
                        }
                        if item.expected == 65 {
                            problems.check(output.stderr.contains("malformed.yml:"), "the parse error has no location: \(output.stderr)")
                        }
                        return problems.list
                    }
                }
            }
            let shared = seen.filter { $0.value.count > 1 }
            tally.record(shared.isEmpty ? nil : "outcomes share exit codes: \(shared)")
            tally.finish()
        }
    }
}

extension ReliabilityLab {
    /// `inventory(…)` into a directory created for it.
    func inventory(_ hosts: [Lab.Host], in directory: String, creating: Bool, hostVars: [String: String] = [:]) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try inventory(hosts, in: directory, hostVars: hostVars)
    }
}
