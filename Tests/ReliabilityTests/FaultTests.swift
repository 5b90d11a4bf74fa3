import Foundation
import TestSupport
import Testing

extension Reliability {
    /// Hosts that misbehave during a real run: one that drops every packet, a command that
    /// outlives its timeout, a session killed the moment a command ends, connections reset in the
    /// middle of a task list. Never a success that did not happen, never a task run twice.
    @Suite(.serialized) struct Faults {
        let lab: ReliabilityLab

        init() throws { lab = try ReliabilityLab() }

        /// Seconds one host's task took, from the JUnit report (`<testcase name="[host] task" time=…>`).
        static func junitSeconds(_ xml: String, host: String, task: String) -> Double? {
            let name = "name=\"[\(host)] \(task)\""
            guard let range = xml.range(of: name),
                let time = xml[range.upperBound...].range(of: #"time="[0-9.]+""#, options: .regularExpression)
            else { return nil }
            return Double(xml[time].dropFirst(6).dropLast())
        }

        /// Seconds from the start of a host's TCP connect to giving up on it, from the `-vvv` line
        /// `<host> no connection N ms after the connect began …`.
        static func secondsAfterConnectBegan(_ stdout: String, host: String) -> Double? {
            let prefix = "<\(host)> no connection "
            guard let line = stdout.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }),
                let millis = Int(line.dropFirst(prefix.count).prefix(while: \.isNumber))
            else { return nil }
            return Double(millis) / 1000
        }

        /// The timeout is measured as OpenSSH's `ConnectTimeout` defines it: from the moment the
        /// host's TCP connect began. The host's task also holds the time before that, about 1 ms of
        /// work; but all 50 hosts start it at once, and on a saturated 2-core controller a thread
        /// preempted while holding a lock they all need then (a malloc arena's, while each builds
        /// its variables) holds every one of them: measured up to 0.96 s before the dark host's
        /// connect. That is the controller's load, not the timeout; the run's time bounds it.
        @Test func aBlackholedHostIsUnreachableWithinTheConnectTimeoutWhile49OthersFinish() throws {
            let hosts = try lab.hosts(ReliabilityLab.fanOut)
            guard let dark = hosts.last else { throw Lab.Unavailable(description: "no fan-out hosts") }
            let others = hosts.dropLast()
            let directory = try ReliabilityLab.temporaryDirectory("blackhole")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let inventory = try lab.inventory(hosts, in: directory)
            let connectTimeout = 5.0
            let tally = Tally(
                "faults", "blackholed host unreachable within connect timeout ± 1 s while \(others.count) others finish")
            for _ in 0..<Trials.count(ci: 3, long: 10) {
                tally.trial {
                    for host in hosts { try lab.sh(host.name, "rm -f /root/pb-fault-done") }
                    try lab.script(["blackhole", dark.name])
                    defer { try? lab.script(["unblackhole", dark.name]) }
                    let output = try ChildProcess.runPlaybook(
                        [
                            "-i", inventory, ReliabilityLab.fixture("faults/two-steps.yml"), "-f", "50",
                            "-T", String(Int(connectTimeout)), "-vvv", "--report-junit", directory + "/run.xml",
                        ], in: directory)
                    var problems = Problems()
                    problems.check(output.status == 4, "exit \(output.status): \(output.stdout.suffix(600))")
                    problems.check(
                        output.recap[dark.name]?["unreachable"] == 1, "\(dark.name): \(output.recap[dark.name] ?? [:])")
                    for host in others {
                        problems.check(
                            output.recap[host.name]?["ok"] == 2 && output.recap[host.name]?["failed"] == 0,
                            "\(host.name): \(output.recap[host.name] ?? [:])")
                        problems.check(
                            (try? lab.sh(host.name, "cat /root/pb-fault-done")) == "done", "\(host.name) did not finish")
                    }
                    let xml = (try? String(contentsOfFile: directory + "/run.xml", encoding: .utf8)) ?? ""
                    let taskSeconds = Self.junitSeconds(xml, host: dark.name, task: "first") ?? -1
                    let seconds = Self.secondsAfterConnectBegan(output.stdout, host: dark.name) ?? -1
                    print(
                        "faults: \(dark.name) was marked unreachable \(String(format: "%.2f", seconds)) s after its connect "
                            + "began, \(String(format: "%.2f", taskSeconds)) s after its task began (timeout \(connectTimeout) s); "
                            + "the run took \(String(format: "%.2f", output.seconds)) s")
                    problems.check(abs(seconds - connectTimeout) <= 1, "unreachable \(seconds) s after the connect began")
                    // Never before the timeout, whatever the task did first.
                    problems.check(taskSeconds >= connectTimeout - 1, "the task took \(taskSeconds) s")
                    // Measured from outside as well: the dark host held nobody up beyond its timeout.
                    problems.check(
                        output.seconds < connectTimeout + 4, "the run took \(output.seconds) s with a \(connectTimeout) s timeout")
                    return problems.list
                }
            }
            tally.finish()
        }

        @Test func aTaskTimeoutKillsTheRemoteProcessAndItsChildren() throws {
            let host = try lab.host(134)
            let directory = try ReliabilityLab.temporaryDirectory("timeout")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let inventory = try lab.inventory([host], in: directory)
            let tally = Tally("faults", "task timeout kills the remote command and its background child")
            for _ in 0..<Trials.count(ci: 5, long: 20) {
                tally.trial {
                    let token = "3600.\(Int.random(in: 100_000...999_999))"
                    try lab.sh(host.name, "rm -f /root/pb-timeout-started")
                    let output = try ChildProcess.runPlaybook(
                        ["-i", inventory, ReliabilityLab.fixture("faults/timeout.yml"), "-e", "token=\(token) seconds=3"],
                        in: directory)
                    var problems = Problems()
                    problems.check(output.status == 2, "exit \(output.status): \(output.stdout.suffix(600))")
                    problems.check(output.stdout.contains("did not finish within 3 s"), "no timeout message: \(output.stdout.suffix(600))")
                    problems.check(output.seconds < 3 + 8, "the run took \(output.seconds) s")
                    let started = try lab.sh(host.name, "cat /root/pb-timeout-started 2>/dev/null || true")
                    problems.check(started == token, "the command never started")
                    let survivors = try lab.sh(host.name, "pgrep -a -f '[s]leep \(token)' || true")
                    problems.check(survivors.isEmpty, "still running: \(survivors)")
                    return problems.list
                }
            }
            tally.finish()
        }

        /// The session is killed as soon as the command has left its mark, racing the exit
        /// status on its way back: the result is the real status (3) or a lost connection.
        @Test func aSessionKilledRightAfterTheCommandEndsIsNeverOk() throws {
            let host = try lab.host(135)
            let directory = try ReliabilityLab.temporaryDirectory("killed-after-end")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let inventory = try lab.inventory([host], in: directory)
            let tally = Tally("faults", "SSH session killed right after the command ends: real status or unreachable, never ok")
            var outcomes: [String: Int] = [:]
            for attempt in 0..<Trials.count(ci: 30, long: 100) {
                tally.trial {
                    let mark = "/run/pb-ended-\(attempt)-\(Int.random(in: 1000...9999))"
                    let killer = try ChildProcess.python(
                        on: host.name, lab: lab.lab,
                        script: """
                            import os, subprocess, time
                            deadline = time.time() + 60
                            while not os.path.exists('\(mark)') and time.time() < deadline:
                                time.sleep(0.0005)
                            subprocess.run(['pkill', '-9', '-f', '^sshd: root'])
                            print('killed' if time.time() < deadline else 'timeout')
                            """)
                    let output = try ChildProcess.runPlaybook(
                        ["-i", inventory, ReliabilityLab.fixture("faults/exit-after-mark.yml"), "-e", "mark=\(mark)"], in: directory)
                    let killed = killer.wait()
                    try lab.sh(host.name, "rm -f \(mark)")
                    var problems = Problems()
                    problems.check(killed.stdout.contains("killed"), "the session was not killed: \(killed)")
                    switch output.status {
                    case 0:
                        outcomes["status arrived (rc=3)", default: 0] += 1
                        problems.check(output.stdout.contains("rc=3"), "exit 0 without the real status: \(output.stdout.suffix(800))")
                    case 4:
                        outcomes["connection lost (unreachable)", default: 0] += 1
                        problems.check(output.recap[host.name]?["ok"] == 0, "a lost run counted ok: \(output.recap)")
                    default:
                        problems.add("exit \(output.status): \(output.stdout.suffix(800))")
                    }
                    return problems.list
                }
            }
            print("faults: session killed after the command: \(outcomes.sorted { $0.key < $1.key })")
            tally.finish()
        }

        /// Connections reset at random moments of a 12-step loop on four hosts at once: every
        /// step appends its number to a counter file, so a step that ran twice would show.
        @Test func noTaskRunsTwiceAfterInjectedResets() throws {
            let hosts = try lab.hosts(136...139)
            let directory = try ReliabilityLab.temporaryDirectory("counter")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let inventory = try lab.inventory(hosts, in: directory)
            let steps = 12
            let tally = Tally("faults", "no task runs twice after a connection reset (counter file, 4 hosts per run)")
            var outcomes: [String: Int] = [:]
            for _ in 0..<Trials.count(ci: 10, long: 25) {
                for host in hosts { try lab.sh(host.name, "rm -f /root/pb-counter") }
                let run = try ChildProcess.playbook(
                    ["-i", inventory, ReliabilityLab.fixture("faults/counter.yml"), "-e", "steps=\(steps)"], in: directory)
                let resets = DispatchGroup()
                for host in hosts {
                    resets.enter()
                    let lab = self.lab
                    Thread {
                        Thread.sleep(forTimeInterval: Double.random(in: 0.3...3.5))
                        _ = try? lab.sh(host.name, "pkill -9 -f '^sshd: root' || true")
                        resets.leave()
                    }.start()
                }
                resets.wait()
                let output = run.wait()
                for host in hosts {
                    let cut = output.recap[host.name]?["unreachable"] == 1
                    outcomes[cut ? "reset during the run (unreachable)" : "finished before the reset", default: 0] += 1
                    tally.trial {
                        let lines = try lab.sh(host.name, "cat /root/pb-counter 2>/dev/null || true").split(separator: "\n").map(String.init)
                        let reported = Set(
                            output.stdout.split(separator: "\n").compactMap { line -> String? in
                                guard line.hasPrefix("changed: [\(host.name)] => "),
                                    let item = line.range(of: #"\(item=\d+\)"#, options: .regularExpression)
                                else { return nil }
                                return String(line[item].dropFirst(6).dropLast())
                            })
                        var problems = Problems()
                        problems.check(Set(lines).count == lines.count, "a step ran twice: \(lines)")
                        problems.check(reported.isSubset(of: Set(lines)), "reported changed but never ran: \(reported.subtracting(lines))")
                        problems.check(Set(lines).subtracting(reported).count <= 1, "ran without a result: \(Set(lines).subtracting(reported))")
                        problems.check(output.recap[host.name]?["unreachable"] == 1 || lines.count == steps + 1, "\(output.recap[host.name] ?? [:])")
                        return problems.list
                    }
                }
            }
            print("faults: counter runs \(outcomes.sorted { $0.key < $1.key })")
            #expect(outcomes["reset during the run (unreachable)", default: 0] > 0, "no reset ever hit a running loop")
            tally.finish()
        }
    }
}
