import Testing
import Values

@testable import Reporting

/// Counting as Ansible's strategy counts: checked against recaps ansible-playbook printed
/// (the site and loops goldens) and, here, outcome by outcome.
@Suite struct RunStatsTests {
    static let table: [(HostTaskResult, HostStats)] = [
        (HostTaskResult(host: "h", status: .ok), HostStats(ok: 1)),
        (HostTaskResult(host: "h", status: .changed), HostStats(ok: 1, changed: 1)),
        (HostTaskResult(host: "h", status: .skipped), HostStats(skipped: 1)),
        (HostTaskResult(host: "h", status: .failed), HostStats(failed: 1)),
        (HostTaskResult(host: "h", status: .failed, ignored: true), HostStats(ok: 1, ignored: 1)),
        (
            HostTaskResult(host: "h", status: .failed, ignored: true, result: ["changed": true]),
            HostStats(ok: 1, changed: 1, ignored: 1)
        ),
        (
            HostTaskResult(host: "h", status: .failed, rescued: true, result: ["changed": true]),
            HostStats(rescued: 1)
        ),
        (HostTaskResult(host: "h", status: .unreachable), HostStats(unreachable: 1)),
        (HostTaskResult(host: "h", status: .unreachable, ignored: true), HostStats(ok: 1, ignored: 1)),
    ]

    @Test(arguments: 0..<table.count)
    func eachOutcomeCountsLikeAnsible(_ index: Int) {
        var stats = RunStats()
        stats.record(Self.table[index].0)
        #expect(stats["h"] == Self.table[index].1)
    }

    @Test func hostsKeepFirstSeenOrderAndRecapSortsByCodePoint() {
        var stats = RunStats()
        for host in ["web2", "Web1", "änder", "db1", "web2"] {
            stats.record(HostTaskResult(host: host, status: .ok))
        }
        #expect(stats.hosts == ["web2", "Web1", "änder", "db1"])
        #expect(stats.sortedHosts == ["Web1", "db1", "web2", "änder"])
        #expect(stats["web2"].ok == 2)
        #expect(stats["unknown"] == HostStats())
        #expect(!stats.anyFailed && !stats.anyUnreachable)
    }

    @Test func hostFailureIgnoresIgnoredAndRescued() {
        #expect(HostTaskResult(host: "h", status: .failed).isHostFailure)
        #expect(!HostTaskResult(host: "h", status: .failed, ignored: true).isHostFailure)
        #expect(!HostTaskResult(host: "h", status: .failed, rescued: true).isHostFailure)
        #expect(HostTaskResult(host: "h", status: .unreachable).isHostFailure)
        #expect(HostTaskResult(host: "h", status: .ok, delegatedTo: "h").hostLabel == "h")
        #expect(HostTaskResult(host: "h", status: .ok, delegatedTo: "db").hostLabel == "h -> db")
    }
}
