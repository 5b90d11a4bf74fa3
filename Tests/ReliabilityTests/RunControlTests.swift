import Foundation
import TestSupport
import Testing

extension Reliability {
    /// The rules that decide how often and on which hosts tasks run: `until`/`retries`/`delay`
    /// (attempts counted and timed on the host), `max_fail_percentage` (strictly greater) and
    /// `any_errors_fatal`, both with `serial` batches.
    @Suite(.serialized) struct RunControl {
        let lab: ReliabilityLab

        init() throws { lab = try ReliabilityLab() }

        @Test func untilRetriesAndDelayAttemptAsOftenAndAsSpacedAsAsked() throws {
            let host = try lab.host(134)
            let directory = try ReliabilityLab.temporaryDirectory("until")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let inventory = try lab.inventory([host], in: directory)
            let tally = Tally("faults", "until/retries/delay: attempt counts (3, 3, 1) and 1 s spacing measured on the host")
            for _ in 0..<Trials.count(ci: 3, long: 10) {
                tally.trial {
                    try lab.sh(host.name, "rm -f /root/pb-attempts-*")
                    let output = try ChildProcess.runPlaybook(["-i", inventory, ReliabilityLab.fixture("faults/until.yml")], in: directory)
                    var problems = Problems()
                    problems.check(output.status == 0, "exit \(output.status): \(output.stdout.suffix(800))")
                    // Runs that exhaust their retries register `attempts` as retries, not retries + 1,
                    // as ansible-core 2.18 does (task_executor: attempts = retries - 1 after the
                    // loop); `retries: 0` runs once, `until` unevaluated, and registers no
                    // `attempts`. The host's timestamps below still count every run.
                    problems.check(output.stdout.contains("attempts a=3 b=2 c=none"), "attempts: \(output.stdout.suffix(800))")
                    problems.check(output.recap[host.name]?["ignored"] == 2, "\(output.recap[host.name] ?? [:])")
                    for (file, count) in [("a", 3), ("b", 3), ("c", 1)] {
                        let stamps = try lab.sh(host.name, "cat /root/pb-attempts-\(file)").split(separator: "\n").compactMap { Double($0) }
                        problems.check(stamps.count == count, "\(file): \(stamps.count) attempts, expected \(count)")
                        for (earlier, later) in zip(stamps, stamps.dropFirst()) {
                            let gap = later - earlier
                            problems.check(gap >= 1.0 && gap < 2.5, "\(file): attempts \(String(format: "%.2f", gap)) s apart")
                        }
                    }
                    return problems.list
                }
            }
            tally.finish()
        }

        /// Which hosts ran the task after the failing one, read on the hosts themselves.
        private func hostsThatRanAfter(_ hosts: [Lab.Host]) throws -> [String] {
            try hosts.filter { try lab.sh($0.name, "cat /root/pb-after 2>/dev/null || true") == $0.name }.map(\.name)
        }

        struct Scenario {
            var name: String
            var playbook: String
            var hosts: ClosedRange<Int>
            var failing: [Int]
            var status: Int32
            var ranAfter: [Int]
        }

        @Test func maxFailPercentageAndAnyErrorsFatalStopBatchesAsAnsibleDoes() throws {
            let scenarios = [
                Scenario(
                    name: "max_fail_percentage 20, one of five fails in each batch (20% is not above 20%)",
                    playbook: "faults/max-fail.yml", hosts: 121...130, failing: [121, 127], status: 2,
                    ranAfter: [122, 123, 124, 125, 126, 128, 129, 130]),
                Scenario(
                    name: "max_fail_percentage 20, two of five fail in the first batch (40%): aborted, batch 2 never runs",
                    playbook: "faults/max-fail.yml", hosts: 121...130, failing: [121, 122], status: 10, ranAfter: []),
                Scenario(
                    name: "max_fail_percentage 20, two fail in the second batch: the first batch finished, aborted there",
                    playbook: "faults/max-fail.yml", hosts: 121...130, failing: [126, 130], status: 10,
                    ranAfter: [121, 122, 123, 124, 125]),
                Scenario(
                    name: "any_errors_fatal, serial 2: one failure in the first batch ends the play everywhere",
                    playbook: "faults/any-errors-fatal.yml", hosts: 121...126, failing: [122], status: 10, ranAfter: []),
                Scenario(
                    name: "any_errors_fatal, serial 2: one failure in the second batch; the first batch finished",
                    playbook: "faults/any-errors-fatal.yml", hosts: 121...126, failing: [124], status: 10, ranAfter: [121, 122]),
            ]
            let directory = try ReliabilityLab.temporaryDirectory("batches")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let tally = Tally("faults", "max_fail_percentage (strictly greater) and any_errors_fatal with serial batches")
            for _ in 0..<Trials.count(ci: 2, long: 5) {
                for scenario in scenarios {
                    tally.trial {
                        let hosts = try lab.hosts(scenario.hosts)
                        var vars: [String: String] = [:]
                        for number in scenario.failing { vars["h\(number)"] = "fail_me=true" }
                        let inventory = try lab.inventory(hosts, in: directory, hostVars: vars)
                        for host in hosts { try lab.sh(host.name, "rm -f /root/pb-after") }
                        let output = try ChildProcess.runPlaybook(["-i", inventory, ReliabilityLab.fixture(scenario.playbook)], in: directory)
                        var problems = Problems()
                        problems.check(output.status == scenario.status, "\(scenario.name): exit \(output.status), expected \(scenario.status)")
                        let ran = try hostsThatRanAfter(hosts)
                        problems.check(
                            ran == scenario.ranAfter.map { "h\($0)" }, "\(scenario.name): 'after' ran on \(ran)")
                        return problems.list
                    }
                }
            }
            tally.finish()
        }
    }
}
