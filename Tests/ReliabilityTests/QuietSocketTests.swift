import Foundation
import TestSupport
import Testing

extension Reliability {
    /// A program's last bytes reach libssh2 with those of the other stream, and now and then the
    /// read after them said "nothing yet" while the socket stayed quiet: the run waited out the
    /// keepalive interval (30 s) in ~2 of 100 no-change runs at 10 hosts. Runs of a few tasks over
    /// 10 hosts, each bounded far below that interval.
    @Suite(.serialized) struct QuietSocket {
        let lab: ReliabilityLab

        init() throws { lab = try ReliabilityLab() }

        @Test func noRunWaitsOutTheKeepaliveForOutputThatHasArrived() throws {
            let hosts = try lab.hosts(151...160)
            let directory = try ReliabilityLab.temporaryDirectory("quiet-socket")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let inventory = try lab.inventory(hosts, in: directory)
            let tally = Tally(
                "transport", "10-host runs of facts and 3 tasks printing on both streams, none waiting out the keepalive")
            for _ in 0..<Trials.count(ci: 40, long: 300) {
                tally.trial {
                    let output = try ChildProcess.runPlaybook(
                        ["-i", inventory, ReliabilityLab.fixture("faults/both-streams.yml"), "-f", "10"], in: directory,
                        timeout: 120)
                    var problems = Problems()
                    problems.check(output.status == 0, "exit \(output.status): \(output.stdout.suffix(600))")
                    // A normal run takes 1-3 s here (debug build, busy machine); a lost wakeup 30 s.
                    problems.check(output.seconds < 20, "the run took \(String(format: "%.1f", output.seconds)) s")
                    for host in hosts {
                        problems.check(output.recap[host.name]?["ok"] == 4, "\(host.name): \(output.recap[host.name] ?? [:])")
                    }
                    return problems.list
                }
            }
            tally.finish()
        }
    }
}
