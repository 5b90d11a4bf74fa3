import Foundation
import TestSupport
import Testing

extension Reliability {
    /// New files never exist, even for a moment, with a wider mode than asked for — watched with
    /// inotify on the host while `copy` writes them inline, through an upload, and through become;
    /// and `backup: yes` twice within a second keeps two distinct backups.
    @Suite(.serialized) struct WriteModes {
        let lab: ReliabilityLab

        init() throws { lab = try ReliabilityLab() }

        @Test func newFilesNeverAppearWithWiderModesThanRequested() throws {
            let host = try lab.host(133)
            let directory = try ReliabilityLab.temporaryDirectory("modes")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let rootInventory = try lab.inventory([host], in: directory)
            let becomeDirectory = directory + "/become"
            try FileManager.default.createDirectory(atPath: becomeDirectory, withIntermediateDirectories: true)
            let becomeInventory = try lab.inventory(
                [host], in: becomeDirectory, user: "deployp",
                allVars: ["ansible_become_password=\(try lab.lab.deploypPassword())"])
            let large = directory + "/large.bin"
            FileManager.default.createFile(atPath: large, contents: Data(repeating: 0x5a, count: 600 << 10))
            let watched = "/root/pb-modes"
            let modes = ["0600", "0640", "0660", "0644", "u=rw,g=r,o="]
            let expected: [String: UInt16] = ["0600": 0o600, "0640": 0o640, "0660": 0o660, "0644": 0o644, "u=rw,g=r,o=": 0o640]

            try watcherSeesABrieflyWideFile(host.name, directory: watched)
            let tally = Tally("writes", "new files (inline, uploaded, become) never seen with a wider mode than requested (inotify)")
            var events = 0
            for round in 0..<Trials.count(ci: 2, long: 10) {
                for (index, mode) in modes.enumerated() {
                    let useBecome = (round + index).isMultiple(of: 2)
                    tally.trial {
                        try lab.sh(host.name, "rm -rf \(watched) && mkdir -m 0755 \(watched)")
                        let watcher = try startWatcher(host.name, directory: watched)
                        let vars: [String: Any] = [
                            "directory": watched, "tag": "\(round)-\(index)", "mode": mode, "small": "small \(mode)\n",
                            "large": large, "use_become": useBecome,
                        ]
                        let varsFile = directory + "/vars.json"
                        try JSONSerialization.data(withJSONObject: vars).write(to: URL(fileURLWithPath: varsFile))
                        let output = try ChildProcess.runPlaybook(
                            ["-i", useBecome ? becomeInventory : rootInventory, ReliabilityLab.fixture("writes/copy-modes.yml"),
                             "-e", "@" + varsFile], in: directory)
                        let seen = try stopWatcher(watcher, on: host.name)
                        events += seen.events
                        var problems = Problems()
                        problems.check(output.status == 0, "\(mode) become=\(useBecome): \(output.stdout.suffix(800))")
                        let wanted = expected[mode]!
                        for (name, observed) in seen.modes {
                            for value in observed where value & ~wanted != 0 {
                                problems.add("\(name) was seen with mode \(String(value, radix: 8)) (asked \(mode))")
                            }
                        }
                        for name in ["small-\(round)-\(index)", "large-\(round)-\(index)"] {
                            problems.check(seen.modes[name] != nil, "the watcher never saw \(name)")
                            let final = try lab.sh(host.name, "stat -c %a \(watched)/\(name)")
                            problems.check(UInt16(final, radix: 8) == wanted, "\(name) ended with mode \(final)")
                        }
                        return problems.list
                    }
                }
            }
            print("writes: the mode watcher handled \(events) inotify events")
            try lab.sh(host.name, "rm -rf \(watched)")
            tally.finish()
        }

        @Test func twoBackupsWithinOneSecondAreBothKept() throws {
            let host = try lab.host(133)
            let directory = try ReliabilityLab.temporaryDirectory("backups")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let inventory = try lab.inventory([host], in: directory)
            let tally = Tally("writes", "backup: yes twice within one second keeps two distinct backups with the old contents")
            var sameSecond = 0
            var attempts = 0
            while sameSecond < Trials.count(ci: 5, long: 20) && attempts < 40 {
                attempts += 1
                let destination = "/root/pb-backups/file-\(attempts).conf"
                try lab.sh(host.name, "mkdir -p /root/pb-backups")
                let output = try ChildProcess.runPlaybook(
                    ["-i", inventory, ReliabilityLab.fixture("writes/copy-backups.yml"), "-e", "destination=\(destination)"],
                    in: directory)
                let backups = try lab.sh(host.name, "ls \(destination).*~ 2>/dev/null || true")
                    .split(separator: "\n").map(String.init)
                // `file.conf.PID.YYYY-MM-DD@HH:MM:SS~`: the second the backup was taken.
                let seconds = Set(backups.map { $0.split(separator: ".").suffix(1).joined().prefix(19) })
                let isSameSecond = backups.count == 2 && seconds.count == 1
                if isSameSecond { sameSecond += 1 }
                tally.trial {
                    var problems = Problems()
                    problems.check(output.status == 0, "\(output.stdout.suffix(800))")
                    problems.check(backups.count == 2, "\(backups.count) backups: \(backups)")
                    let contents = try backups.map { try lab.sh(host.name, "cat '\($0)'") }.sorted()
                    problems.check(contents == ["version 1", "version 2"], "backup contents \(contents)")
                    problems.check(try lab.sh(host.name, "cat \(destination)") == "version 3", "the file is not version 3")
                    problems.check(output.stdout.contains(backups.first ?? "\u{0}"), "the backup path is not reported")
                    return problems.list
                }
            }
            print("writes: \(sameSecond) of \(attempts) backup pairs were taken within the same second")
            #expect(sameSecond > 0, "no pair of backups fell within one second; the case was not exercised")
            try lab.sh(host.name, "rm -rf /root/pb-backups")
            tally.finish()
        }

        // MARK: The watcher

        /// The control: a file written the careless way (created 0644, narrowed to 0600 right
        /// after) must be caught, or the watcher could not fail the test above.
        private func watcherSeesABrieflyWideFile(_ host: String, directory: String) throws {
            try lab.sh(host, "rm -rf \(directory) && mkdir -m 0755 \(directory)")
            let watcher = try startWatcher(host, directory: directory)
            try lab.sh(host, "umask 022; echo careless > \(directory)/careless; chmod 0600 \(directory)/careless")
            let seen = try stopWatcher(watcher, on: host)
            #expect(seen.modes["careless"]?.contains(0o644) == true, "the watcher missed a file briefly 0644: \(seen.modes)")
        }

        private func startWatcher(_ host: String, directory: String) throws -> ChildProcess {
            try lab.sh(host, "rm -f /run/pb-watch-ready /run/pb-watch-stop")
            let script = "DIRECTORY = '\(directory)'\nREADY_FILE = '/run/pb-watch-ready'\nSTOP_FILE = '/run/pb-watch-stop'\n"
                + (try String(contentsOfFile: ReliabilityLab.fixture("writes/mode_watch.py"), encoding: .utf8))
            let watcher = try ChildProcess.python(on: host, lab: lab.lab, script: script)
            try lab.waitUntil(host, "test -e /run/pb-watch-ready")
            return watcher
        }

        struct Seen {
            var events: Int
            var modes: [String: [UInt16]]
        }

        private func stopWatcher(_ watcher: ChildProcess, on host: String) throws -> Seen {
            try lab.sh(host, "touch /run/pb-watch-stop")
            let output = watcher.wait()
            guard let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any] else {
                throw Lab.Unavailable(description: "mode watcher: \(output)")
            }
            let modes = (json["modes"] as? [String: [Int]] ?? [:]).mapValues { $0.map { UInt16($0) } }
            return Seen(events: json["events"] as? Int ?? 0, modes: modes)
        }
    }
}
