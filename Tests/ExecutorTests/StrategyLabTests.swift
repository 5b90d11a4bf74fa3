import Foundation
import TestSupport
import Testing

/// `strategy: free` on eleven lab hosts (h100–h110): hosts run ahead of a slow one, end where a
/// linear run ends, and keep `--check`, failures and the console's banners as ansible-core does.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct StrategyLabTests {
    static let names = (100...110).map { "h\($0)" }
    static let slow = "h100"

    /// The fixture playbook, in a fresh directory, with its strategy replaced.
    static func playbook(strategy: String) throws -> String {
        let directory = try FixtureFiles.temporaryDirectory("pb-strategy")
        let text = FixtureFiles.text("strategy/free.yml").replacingOccurrences(of: "strategy: free", with: "strategy: \(strategy)")
        let path = directory + "/\(strategy).yml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func seconds(_ text: String) -> Double { Double(text) ?? .nan }

    @Test func fastHostsFinishThePlayBeforeTheSlowHostGoesOn() throws {
        let lab = try LabPlaybook(Self.names)
        let output = try lab.run(Self.playbook(strategy: "free"), ["-e", "slow_host=\(Self.slow)", "-f", "20"])
        #expect(output.status == 0, "\(output)")
        let slowNext = Self.seconds(try lab.sh(Self.slow, "cat /var/tmp/pb-free/t-next"))
        for host in Self.names where host != Self.slow {
            let handler = Self.seconds(try lab.sh(host, "cat /var/tmp/pb-free/t-handler"))
            #expect(handler < slowNext, "\(host) ran its handler (the end of its play) before \(Self.slow) went on")
        }
        #expect((output.stdout + output.stderr).contains("Using run_once with the free strategy"), "\(output)")
        // Every result sits under the banner of its own task, however the hosts interleave.
        let order = BehaviourLabTests.resultOrder(output.stdout)
        for host in Self.names {
            let tasks = order.filter { $0.host == host }.map(\.task)
            #expect(
                tasks == [
                    "a fresh directory", "a slow step on \(Self.slow)", "the next step", "a failure where asked",
                    "items", "items", "run once is not once", "note the end",
                ], "\(host): \(tasks)\n\(output)")
        }
        #expect(output.stdout.contains("RUNNING HANDLER [note the end]"))
        for host in Self.names {
            #expect(output.recap[host]?["changed"] == (host == Self.slow ? 6 : 5), "\(output)")
            #expect(output.recap[host]?["skipped"] == (host == Self.slow ? 1 : 2), "\(output)")
        }
    }

    @Test func endsWhereALinearRunEnds() throws {
        let lab = try LabPlaybook(Self.names)
        let state = "cat /var/tmp/pb-free/state"
        let linear = try lab.run(Self.playbook(strategy: "linear"), ["-e", "slow_host=\(Self.slow)"])
        #expect(linear.status == 0, "\(linear)")
        let linearState = try lab.shAll(state)
        let free = try lab.run(Self.playbook(strategy: "free"), ["-e", "slow_host=\(Self.slow)"])
        #expect(free.status == 0, "\(free)")
        #expect(try lab.shAll(state) == linearState)
        #expect(linearState[Self.slow] == "first\nnext\none\ntwo\nhandler")
        // Unlike linear, free runs a `run_once` task on every host, as ansible-core does; linear
        // counts it (changed) for the one host that ran it, h100, the first. Everything else of
        // the recaps is the same.
        for host in Self.names {
            var expected = linear.recap[host] ?? [:]
            if host != Self.names[0] {
                expected["ok", default: 0] += 1
                expected["changed", default: 0] += 1
            }
            #expect(free.recap[host] == expected, "\(host): \(free)")
        }
        #expect(try lab.shAll("cat /var/tmp/pb-free/once").values.allSatisfy { $0 == "once" })
    }

    @Test func checkModeChangesNothingAndAFailedHostStopsAlone() throws {
        let lab = try LabPlaybook(Self.names)
        let path = try Self.playbook(strategy: "free")
        let first = try lab.run(path, ["-e", "slow_host=none"])
        #expect(first.status == 0, "\(first)")
        let before = try lab.shAll("cat /var/tmp/pb-free/state /var/tmp/pb-free/t-first")

        let check = try lab.run(path, ["-e", "slow_host=\(Self.slow)", "--check"])
        #expect(check.status == 0, "\(check)")
        #expect(try lab.shAll("cat /var/tmp/pb-free/state /var/tmp/pb-free/t-first") == before, "--check wrote nothing")

        let failing = try lab.run(path, ["-e", "slow_host=\(Self.slow)", "-e", "fail_host=h101"])
        #expect(failing.status == 2, "\(failing)")
        #expect(failing.recap["h101"]?["failed"] == 1, "\(failing)")
        #expect(try lab.sh("h101", "cat /var/tmp/pb-free/state") == "first\nnext", "h101 stopped at its failure, no handler")
        #expect(try lab.sh(Self.slow, "cat /var/tmp/pb-free/state") == "first\nnext\none\ntwo\nhandler")
        #expect(failing.stdout.contains("fatal: [h101]: FAILED!"), "\(failing)")
    }

    @Test func everyHostStartsAtTheTaskNamedByStartAtTask() throws {
        let lab = try LabPlaybook(Self.names)
        _ = try lab.shAll("rm -rf /var/tmp/pb-free && mkdir -p /var/tmp/pb-free")
        let output = try lab.run(
            Self.playbook(strategy: "free"), ["-e", "slow_host=\(Self.slow)", "--start-at-task", "the next step"])
        #expect(output.status == 0, "\(output)")
        #expect(!output.stdout.contains("TASK [a fresh directory]"), "\(output)")
        #expect(try lab.shAll("cat /var/tmp/pb-free/state").values.allSatisfy { $0 == "next\none\ntwo\nhandler" })
    }
}
