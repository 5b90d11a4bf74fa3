import Foundation
import TestSupport
import Testing

extension Reliability {
    /// Writes interrupted at random moments: the connection killed during a 50 MB copy, the
    /// remote program killed between writing the new file and renaming it into place. The
    /// destination must always hold the old bytes or the new ones, a run that was cut short must
    /// never claim success it did not have, and the next run must clean up and converge.
    @Suite(.serialized) struct InterruptedWrites {
        let lab: ReliabilityLab

        init() throws { lab = try ReliabilityLab() }

        /// What a module program may leave behind, in the destination directory and in /tmp.
        static let leftoverPattern =
            "ls -A /root /tmp | grep -E '^(\\.pb-|\\.\\.pb-|pb\\.|pb-upload[.-]|pb-deb[.-]|\\.playbook-upload-)' || true"

        func digest(_ host: String, _ path: String) throws -> String {
            try lab.sh(host, "sha256sum < \(path) 2>/dev/null | cut -d' ' -f1 || true")
        }

        @Test func aConnectionKilledDuringA50MBCopyLeavesTheOldOrTheNewFile() throws {
            let host = try lab.host(131)
            let directory = try ReliabilityLab.temporaryDirectory("big-copy")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let inventory = try lab.inventory([host], in: directory)
            let destination = "/root/pb-big.bin"
            let sources = [directory + "/a.bin", directory + "/b.bin"]
            var digests: [String] = []
            for source in sources {
                FileManager.default.createFile(atPath: source, contents: randomBytes(50 << 20))
                digests.append(try Lab.runProcess("/usr/bin/sha256sum", [source]).stdout.prefix(64).description)
            }
            let playbook = ReliabilityLab.fixture("writes/copy-big.yml")
            func copy(_ index: Int) throws -> ChildProcess {
                try ChildProcess.playbook(
                    ["-i", inventory, playbook, "-e", "source=\(sources[index]) destination=\(destination)"], in: directory)
            }
            try lab.sh(host.name, "rm -f \(destination)")
            // Most of a run is the controller's checksum of the source; the window worth hitting
            // starts when the SFTP upload does and ends with the rename.
            let seedRun = try copy(0)
            let uploadStarted = waitForUpload(host.name, while: seedRun)
            let seed = seedRun.wait()
            #expect(seed.status == 0, "\(seed)")
            let window = max(0.5, Date().timeIntervalSince(uploadStarted ?? Date()))
            print("writes: an uninterrupted 50 MB copy run took \(String(format: "%.2f", seed.seconds)) s, \(String(format: "%.2f", window)) s from the upload's start")

            let tally = Tally("writes", "connection killed at a random moment of a 50 MB copy: old or new file, next run converges")
            var outcomes: [String: Int] = [:]
            var current = 0
            for _ in 0..<Trials.count(ci: 20, long: 100) {
                let next = 1 - current
                tally.trial {
                    var problems = Problems()
                    let run = try copy(next)
                    guard waitForUpload(host.name, while: run) != nil else { return ["the upload never started"] }
                    let offset = Double.random(in: 0...1) * window
                    Thread.sleep(forTimeInterval: offset)
                    try lab.sh(host.name, "pkill -9 -f '^sshd: root' || true")
                    let output = run.wait()
                    let after = try digest(host.name, destination)
                    let state = after == digests[next] ? "new" : after == digests[current] ? "old" : "corrupt"
                    outcomes["exit \(output.status), \(state)", default: 0] += 1
                    problems.check(state != "corrupt", "the destination is neither old nor new after a kill \(offset) s into the upload")
                    problems.check(output.status == 0 || output.status == 4, "exit \(output.status): \(output.stdout.suffix(800))")
                    problems.check(output.status != 0 || state == "new", "exit 0 but the destination is \(state)")
                    // The next run finishes the job and leaves nothing behind.
                    let again = try copy(next).wait()
                    problems.check(again.status == 0, "the next run failed: \(again.stdout.suffix(800))")
                    problems.check(try digest(host.name, destination) == digests[next], "the next run did not converge")
                    problems.check(try lab.sh(host.name, "stat -c %a \(destination)") == "640", "mode is not 640")
                    let leftovers = try lab.sh(host.name, Self.leftoverPattern)
                    problems.check(leftovers.isEmpty, "temporary files left after the next run: \(leftovers)")
                    current = next
                    return problems.list
                }
            }
            print("writes: 50 MB copy kill outcomes \(outcomes.sorted { $0.key < $1.key })")
            tally.finish()
        }

        /// `validate:` runs on the finished temporary file just before the rename; the test
        /// kills the program (or the session, or both) while it runs.
        @Test func theProgramKilledBetweenWriteAndRenameLeavesTheOldFile() throws {
            let host = try lab.host(132)
            let directory = try ReliabilityLab.temporaryDirectory("validate-kill")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let inventory = try lab.inventory([host], in: directory)
            let destination = "/root/pb-validated.txt"
            let playbook = ReliabilityLab.fixture("writes/copy-validate.yml")
            let contents = ["old contents\n", "new contents\n"]
            func write(_ content: String, validate: String) throws -> ChildProcess {
                let vars = ["content": content, "destination": destination, "validate_command": validate]
                let file = directory + "/vars.json"
                try JSONSerialization.data(withJSONObject: vars).write(to: URL(fileURLWithPath: file))
                return try ChildProcess.playbook(["-i", inventory, playbook, "-e", "@" + file], in: directory)
            }
            try lab.sh(host.name, "rm -f \(destination)")
            #expect(try write(contents[0], validate: "test -s %s").wait().status == 0)

            let kills = [
                ("the program and its children (SIGKILL)", "kill -9 $program $(pgrep -f \"sleep $token\")"),
                ("the SSH session", "pkill -9 -f '^sshd: root'; sleep 0.5; pkill -9 -f \"sleep $token\""),
                ("the session and the program", "pkill -9 -f '^sshd: root'; kill -9 $program $(pgrep -f \"sleep $token\")"),
            ]
            let tally = Tally("writes", "remote program killed between write and rename: old file, next run cleans up and converges")
            var current = 0
            for attempt in 0..<Trials.count(ci: 21, long: 99) {
                let (label, kill) = kills[attempt % kills.count]
                let next = 1 - current
                tally.trial {
                    var problems = Problems()
                    let token = "3600.\(Int.random(in: 100_000...999_999))"
                    let run = try write(contents[next], validate: "/bin/sh -c 'sleep \(token)' %s")
                    // Wait until validation runs: the new bytes are complete in the temporary file.
                    // Patterns are written so they never match the shell that runs them.
                    var program = ""
                    for _ in 0..<300 where program.isEmpty {
                        program = (try? lab.sh(host.name, "ps -o ppid= -p $(pgrep -f '^/bin/sh -c sleep \(token)' | head -n1) 2>/dev/null | tr -d ' '")) ?? ""
                        if program.isEmpty { Thread.sleep(forTimeInterval: 0.05) }
                    }
                    guard !program.isEmpty else { return ["validation never started"] }
                    try lab.sh(host.name, "program=\(program); token=\(token); \(kill) || true")
                    let output = run.wait()
                    problems.check(output.status == 2 || output.status == 4, "\(label): exit \(output.status): \(output.stdout.suffix(800))")
                    let now = try lab.sh(host.name, "cat \(destination)") + "\n"
                    problems.check(now == contents[current], "\(label): the destination is '\(now)'")
                    let again = try write(contents[next], validate: "test -s %s").wait()
                    problems.check(again.status == 0, "\(label): the next run failed: \(again.stdout.suffix(800))")
                    problems.check(try lab.sh(host.name, "cat \(destination)") + "\n" == contents[next], "\(label): did not converge")
                    let leftovers = try lab.sh(host.name, Self.leftoverPattern)
                    problems.check(leftovers.isEmpty, "\(label): temporary files left after the next run: \(leftovers)")
                    current = next
                    return problems.list
                }
            }
            tally.finish()
        }

        /// Waits until the host runs an SFTP server for the copy; when it started, or nil when
        /// the run ended first.
        private func waitForUpload(_ host: String, while run: ChildProcess) -> Date? {
            while run.isRunning {
                if (try? lab.sh(host, "pgrep -x sftp-server")) != nil { return Date() }
                Thread.sleep(forTimeInterval: 0.05)
            }
            return nil
        }

        private func randomBytes(_ count: Int) -> Data {
            var generator = SystemRandomNumberGenerator()
            var data = Data(count: count)
            data.withUnsafeMutableBytes { raw in
                let words = raw.bindMemory(to: UInt64.self)
                for index in words.indices { words[index] = generator.next() }
            }
            return data
        }
    }
}
