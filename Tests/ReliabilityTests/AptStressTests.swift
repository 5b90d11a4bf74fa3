import Foundation
import TestSupport
import Testing

extension Reliability {
    /// apt when other things happen on the host: a dpkg/apt lock held by another process is
    /// waited for within `lock_timeout`, then named; an install killed half-way is detected on
    /// the next run instead of being reported as done.
    @Suite(.serialized) struct AptStress {
        let lab: ReliabilityLab

        init() throws { lab = try ReliabilityLab() }

        static let locks = [
            "/var/lib/dpkg/lock-frontend", "/var/lib/dpkg/lock", "/var/cache/apt/archives/lock", "/var/lib/apt/lists/lock",
        ]

        /// Holds `lock` (an fcntl lock, as apt and dpkg take it) for `seconds`; returns once held.
        private func holdLock(_ lock: String, on host: String, seconds: Int) throws -> ChildProcess {
            try lab.sh(host, "rm -f /run/pb-lock-held")
            let holder = try ChildProcess.python(
                on: host, lab: lab.lab,
                script: """
                    import fcntl, os, time
                    f = open('\(lock)', 'a')
                    fcntl.lockf(f, fcntl.LOCK_EX)
                    open('/run/pb-lock-held', 'w').write(str(os.getpid()))
                    time.sleep(\(seconds))
                    """)
            try lab.waitUntil(host, "test -s /run/pb-lock-held")
            return holder
        }

        @Test func aHeldLockIsWaitedForWithinTheTimeoutThenNamed() throws {
            let host = try lab.host(146)
            let directory = try ReliabilityLab.temporaryDirectory("apt-lock")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let inventory = try lab.inventory([host], in: directory)
            let playbook = ReliabilityLab.fixture("apt/install.yml")
            let tally = Tally("apt", "held dpkg/apt lock: waited for within lock_timeout, else a failure naming the holder")
            for round in 0..<Trials.count(ci: 2, long: 5) {
                for (index, lock) in Self.locks.enumerated() {
                    let package = (round + index).isMultiple(of: 2) ? "pb-conf" : "pb-hello"
                    tally.trial {
                        var problems = Problems()
                        try lab.sh(host.name, "apt-get purge -y -q pb-conf pb-hello >/dev/null 2>&1 || true")
                        let brief = try holdLock(lock, on: host.name, seconds: 3)
                        let waited = try ChildProcess.runPlaybook(
                            ["-i", inventory, playbook, "-e", "package=\(package) lock_timeout=20"], in: directory)
                        _ = brief.wait()
                        problems.check(waited.status == 0, "\(lock) held 3 s: exit \(waited.status): \(waited.stdout.suffix(600))")
                        problems.check(waited.seconds >= 2.5, "\(lock) held 3 s: done after \(waited.seconds) s, did not wait")
                        problems.check(
                            try lab.sh(host.name, "dpkg-query -W -f='${db:Status-Abbrev}' \(package) 2>/dev/null || true").hasPrefix("ii"),
                            "\(package) is not installed")

                        try lab.sh(host.name, "apt-get purge -y -q \(package) >/dev/null 2>&1 || true")
                        let long = try holdLock(lock, on: host.name, seconds: 60)
                        let holder = try lab.sh(host.name, "cat /run/pb-lock-held")
                        let refused = try ChildProcess.runPlaybook(
                            ["-i", inventory, playbook, "-e", "package=\(package) lock_timeout=3"], in: directory)
                        long.signal(SIGKILL)
                        // SIGKILL: the holder inherits the test process's signal mask, which blocks SIGTERM.
                        try lab.sh(host.name, "kill -9 \(holder) 2>/dev/null || true")
                        _ = long.wait()
                        problems.check(refused.status == 2, "\(lock) held 60 s: exit \(refused.status)")
                        problems.check(refused.seconds < 3 + 8, "lock_timeout 3 took \(refused.seconds) s")
                        for word in [lock, "process \(holder)", "python3"] {
                            problems.check(refused.stdout.contains(word), "\(lock): '\(word)' missing: \(refused.stdout.suffix(600))")
                        }
                        problems.check(
                            !(try lab.sh(host.name, "dpkg-query -W -f='${db:Status-Abbrev}' \(package) 2>/dev/null || true").hasPrefix("ii")),
                            "\(package) was installed despite the lock")
                        return problems.list
                    }
                }
            }
            tally.finish()
        }

        @Test func anInterruptedInstallIsDetectedOnTheNextRun() throws {
            let host = try lab.host(147)
            let directory = try ReliabilityLab.temporaryDirectory("apt-interrupted")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let inventory = try lab.inventory([host], in: directory)
            try lab.sh(host.name, try String(contentsOfFile: ReliabilityLab.fixture("apt/build-slow-deb.sh"), encoding: .utf8))
            let reset = "dpkg --configure -a >/dev/null 2>&1; dpkg --purge --force-remove-reinstreq pb-slow pb-hello >/dev/null 2>&1; true"
            try lab.sh(host.name, reset)
            let tally = Tally("apt", "install killed mid-way (dpkg/apt-get SIGKILL): the next run fails clearly, never reports it done")
            var states: [String: Int] = [:]
            for _ in 0..<Trials.count(ci: 5, long: 20) {
                tally.trial {
                    var problems = Problems()
                    let run = try ChildProcess.playbook(
                        ["-i", inventory, ReliabilityLab.fixture("apt/deb.yml"), "-e", "deb=/root/pb-slow.deb"], in: directory)
                    var dpkgStarted = false
                    for _ in 0..<400 where !dpkgStarted {
                        dpkgStarted = (try? lab.sh(host.name, "pgrep -x dpkg")) != nil
                        if !dpkgStarted { Thread.sleep(forTimeInterval: 0.02) }
                    }
                    Thread.sleep(forTimeInterval: Double.random(in: 0...3.5))
                    try lab.sh(host.name, "pkill -9 -x apt-get; pkill -9 -x dpkg; true")
                    let interrupted = run.wait()
                    let audit = try lab.sh(host.name, "dpkg --audit 2>&1 || true")
                    let status = try lab.sh(host.name, "dpkg-query -W -f='${db:Status-Abbrev}' pb-slow 2>/dev/null || echo none")
                        .trimmingCharacters(in: .whitespaces)
                    // dpkg killed while it wrote its status leaves journal entries (all-digit names) that
                    // apt refuses to work past, even when `dpkg --audit` finds no package amiss.
                    let journal = try lab.sh(host.name, "ls -A /var/lib/dpkg/updates | grep -E '^[0-9]+$' || true")
                    let broken = !audit.isEmpty || !journal.isEmpty
                    let how = [audit.isEmpty ? nil : "dpkg --audit reports it", journal.isEmpty ? nil : "journal pending"]
                        .compactMap { $0 }.joined(separator: ", ")
                    states["\(status)\(how.isEmpty ? "" : " (\(how))")", default: 0] += 1
                    problems.check(
                        interrupted.status != 0 || (status == "ii" && !broken), "the interrupted run exited 0 with pb-slow '\(status)'")

                    let next = try ChildProcess.runPlaybook(
                        ["-i", inventory, ReliabilityLab.fixture("apt/after-interruption.yml"), "-e", "deb=/root/pb-slow.deb"],
                        in: directory)
                    if broken {
                        problems.check(next.status == 2, "next run after an interrupted install: exit \(next.status)")
                        problems.check(
                            next.stdout.contains("dpkg --configure -a"), "the failure does not say what to run: \(next.stdout.suffix(900))")
                        problems.check(next.recap[host.name]?["ok"] == 0, "a task reported ok on a broken dpkg: \(next.recap)")
                    } else {
                        problems.check(next.status == 0, "next run on an intact dpkg: exit \(next.status): \(next.stdout.suffix(900))")
                    }
                    try lab.sh(host.name, reset)
                    problems.check(
                        try lab.sh(host.name, "dpkg --audit 2>&1; ls -A /var/lib/dpkg/updates | grep -E '^[0-9]+$' || true").isEmpty,
                        "the host could not be reset")
                    return problems.list
                }
            }
            print("apt: states after the kill \(states.sorted { $0.key < $1.key })")
            tally.finish()
        }
    }
}
