import Foundation
import TestSupport
import Testing

/// The CI job's proof: `--verify-idempotence` runs the playbook twice and fails with exit 16,
/// naming every task and host that changed again, when the second pass is not a no-op; it
/// passes on the converging site playbook; and a first pass that fails keeps its own code.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct IdempotenceLabTests {
    static let names = ["h78", "h79"]
    static let site = FixtureFiles.repositoryRoot + "/playbooks/site.yml"
    static let notIdempotent = FixtureFiles.repositoryRoot + "/playbooks/examples/not-idempotent.yml"
    static let changingTask = "Append the time of this run to the log"
    static let runLog = "/var/tmp/playbook-example/runs.log"

    @Test func aTaskThatChangesAgainFailsTheRunWithSixteenAndIsNamed() throws {
        let lab = try LabPlaybook(Self.names)
        for host in Self.names { try lab.sh(host, "rm -rf /var/tmp/playbook-example") }
        let report = lab.directory + "/report.json"

        let run = try lab.run(Self.notIdempotent, ["--verify-idempotence", "--report-json", report])
        #expect(run.status == 16, "\(run)")
        #expect(run.stderr.contains("the playbook is not idempotent"), "\(run)")
        for host in Self.names {
            #expect(run.stderr.contains("[\(host)] \(Self.changingTask)"), "\(host) and the task are named: \(run)")
            // Both passes ran: one line each.
            #expect(try lab.sh(host, "wc -l < \(Self.runLog)") == "2", "\(host)")
        }
        #expect(!run.stderr.contains("Keep a directory for the log"), "an idempotent task is not blamed: \(run)")
        #expect(!run.stderr.contains("Describe the log"), "an idempotent task is not blamed: \(run)")

        // The report holds both passes; in the second, only the culprit changed, on every host.
        let plays = try Self.plays(inReport: report)
        #expect(plays.count == 2, "one play per pass: \(plays.map(\.name))")
        let second = try #require(plays.last)
        #expect(second.changed[Self.changingTask] == Set(Self.names), "\(second.changed)")
        #expect(second.changed.filter { !$0.value.isEmpty }.keys.sorted() == [Self.changingTask], "\(second.changed)")
    }

    @Test func aFirstPassThatFailsExitsWithTheFailureAndRunsNoSecondPass() throws {
        let lab = try LabPlaybook(Self.names)
        for host in Self.names { try lab.sh(host, "rm -f /var/tmp/ci-fails-first-pass.log") }

        let run = try lab.run(FixtureFiles.path("ci/fails-first-pass.yml"), ["--verify-idempotence", "-e", "fail_host=h78"])
        #expect(run.status == 2, "a failed host, not 16: \(run)")
        #expect(!run.stderr.contains("not idempotent"), "\(run)")
        #expect(run.stdout.contains("deliberate failure on h78"), "\(run)")
        #expect(run.recap["h78"]?["failed"] == 1 && run.recap["h79"]?["failed"] == 0, "\(run)")
        for host in Self.names {
            #expect(try lab.sh(host, "wc -l < /var/tmp/ci-fails-first-pass.log") == "1", "one pass only on \(host)")
        }
    }

    /// A signal during the second pass stops it as it stops any run: no new task starts, and
    /// the exit status is 130.
    @Test func aSignalDuringTheSecondPassStopsIt() throws {
        let lab = try LabPlaybook(Self.names)
        for host in Self.names { try lab.sh(host, "rm -rf /var/tmp/ci-second-pass") }
        var env = ProcessInfo.processInfo.environment
        for name in env.keys where name.hasPrefix("ANSIBLE_") { env[name] = nil }
        let child = try Subprocess.start(
            PlaybookProcess.executable,
            ["-i", lab.inventory, FixtureFiles.path("ci/interrupt-second-pass.yml"), "--verify-idempotence"],
            directory: lab.directory, environment: env, timeout: 600)
        let deadline = Date().addingTimeInterval(300)
        var secondPassStarted = false
        while !secondPassStarted, child.isRunning, Date() < deadline {
            secondPassStarted = try lab.sh("h78", "cat /var/tmp/ci-second-pass/passes 2>/dev/null | wc -l") == "2"
            if !secondPassStarted { Thread.sleep(forTimeInterval: 0.2) }
        }
        #expect(secondPassStarted, "the second pass was seen starting")
        #expect(child.signal(SIGINT), "the run was still going")
        let run = child.wait()

        #expect(run.status == 130, "\(run)")
        for host in Self.names {
            #expect(try lab.sh(host, "wc -l < /var/tmp/ci-second-pass/past") == "1", "the second pass stopped on \(host): \(run)")
        }
    }

    @Test func theSitePlaybookPassesOnFreshHosts() throws {
        try LabPlaybook.fresh(Self.names)
        let lab = try LabPlaybook(Self.names)
        for host in Self.names {
            #expect(try lab.sh(host, "test -e /etc/nginx && echo present || echo absent") == "absent", "\(host) is fresh")
        }
        let report = lab.directory + "/site.json"

        let run = try lab.run(Self.site, ["--verify-idempotence", "--report-json", report])
        #expect(run.status == 0, "\(run)")
        #expect(!run.stderr.contains("not idempotent"), "\(run)")
        let plays = try Self.plays(inReport: report)
        #expect(plays.count == 2, "\(plays.map(\.name))")
        #expect(plays.first?.changed.values.contains { !$0.isEmpty } == true, "the first pass converged the hosts")
        #expect(plays.last?.changed.allSatisfy { $0.value.isEmpty } == true, "the second changed nothing: \(plays)")
        for host in Self.names {
            #expect(try lab.sh(host, "systemctl is-active nginx") == "active")
        }
    }

    // MARK: The JSON report

    struct PlayChanges {
        var name: String
        /// Task name → hosts whose result says `changed: true`.
        var changed: [String: Set<String>]
    }

    /// The plays of an `ansible.posix.json`-shaped report, with which hosts each task changed.
    static func plays(inReport path: String) throws -> [PlayChanges] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let plays = try #require(document["plays"] as? [[String: Any]])
        return plays.map { play in
            var changed: [String: Set<String>] = [:]
            for task in play["tasks"] as? [[String: Any]] ?? [] {
                let name = (task["task"] as? [String: Any])?["name"] as? String ?? ""
                let hosts = task["hosts"] as? [String: [String: Any]] ?? [:]
                changed[name, default: []].formUnion(hosts.filter { $0.value["changed"] as? Bool == true }.keys)
            }
            return PlayChanges(name: (play["play"] as? [String: Any])?["name"] as? String ?? "", changed: changed)
        }
    }
}
