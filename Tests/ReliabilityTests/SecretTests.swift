import Foundation
import TestSupport
import Testing

extension Reliability {
    /// Canary secrets — a become password, a no_log argument, no_log loop items, a no_log diff,
    /// failing no_log tasks — through the real binary at `-vvvv`, normally and with
    /// `--check --diff`. None may show up in stdout, stderr, the JSON and JUnit reports, the
    /// hosts' journal (every field), files left on the hosts, or, while the become tasks run,
    /// any process's argv or environment on the hosts.
    @Suite(.serialized) struct Secrets {
        let lab: ReliabilityLab
        let hosts: [Lab.Host]

        init() throws {
            lab = try ReliabilityLab()
            hosts = try lab.hosts(129...130)
        }

        /// Random per run, so nothing but this run can contain it.
        let canary = "pbcanary" + String(UUID().uuidString.filter(\.isHexDigit).lowercased().prefix(16))

        var values: [String: String] {
            [
                "become": canary + "become", "argument": canary + "argument", "item1": canary + "item1",
                "item2": canary + "item2", "diff": canary + "diff", "diff2": canary + "diffchanged",
                "failure": canary + "failure",
            ]
        }

        /// The canary itself and what it looks like base64-encoded at each of the three
        /// alignments (module programs carry file contents in base64).
        var needles: [String] {
            var result = [canary]
            for offset in 0..<3 {
                let encoded = Data((String(repeating: "x", count: offset) + canary).utf8).base64EncodedString()
                let body = encoded.dropFirst(offset == 0 ? 0 : 4).dropLast(4)
                result.append(String(body))
            }
            return result
        }

        @Test func canariesNeverLeak() throws {
            let becomeTasks = Trials.count(ci: 50, long: 200)
            let directory = try ReliabilityLab.temporaryDirectory("secrets")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let labPassword = try lab.lab.deploypPassword()
            for host in hosts { try setPassword(values["become"]!, on: host.name) }
            defer { for host in hosts { try? setPassword(labPassword, on: host.name) } }
            let inventory = try lab.inventory(
                hosts, in: directory, user: "deployp", allVars: ["ansible_become_password=\(values["become"]!)"])
            let playbook = ReliabilityLab.fixture("secrets/secrets.yml")
            func extraVars(diff: String) throws -> String {
                let path = directory + "/vars-\(diff.suffix(6)).json"
                let json: [String: Any] = [
                    "become_tasks": becomeTasks / hosts.count, "secret_argument": values["argument"]!,
                    "secret_items": [values["item1"]!, values["item2"]!], "secret_diff": diff,
                    "secret_failure": values["failure"]!,
                ]
                try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
                return "@" + path
            }

            let samplers = try hosts.map { try startSampler(on: $0.name) }
            let first = try ChildProcess.runPlaybook(
                [
                    "-i", inventory, playbook, "-e", try extraVars(diff: values["diff"]!), "-vvvv", "--diff",
                    "--report-json", directory + "/run.json", "--report-junit", directory + "/run.xml",
                ], in: directory)
            let sweeps = try hosts.enumerated().map { index, host in try stopSampler(samplers[index], on: host.name) }
            let second = try ChildProcess.runPlaybook(
                [
                    "-i", inventory, playbook, "-e", try extraVars(diff: values["diff2"]!), "-vvvv", "--check", "--diff",
                    "--report-json", directory + "/check.json", "--report-junit", directory + "/check.xml",
                ], in: directory)

            // The runs did what they should: every become task ran, the failures failed (in check
            // mode the shell task is skipped, so only the copy fails).
            for (name, output, ignored) in [("run", first, 2), ("check run", second, 1)] {
                #expect(output.status == 0, "\(name): \(output)")
                for host in hosts {
                    #expect(output.recap[host.name]?["ignored"] == ignored, "\(name) \(host.name): \(output.recap)")
                    #expect(output.recap[host.name]?["failed"] == 0, "\(name) \(host.name): \(output.recap)")
                }
                // Masking hides the secrets, not ordinary words: no_log's own defaults (`true`,
                // `present`) must not be masked in everything printed afterwards.
                #expect(output.stdout.contains("'no_log: true' was specified"), "\(name): \(output.stdout.suffix(1500))")
            }
            let becomeResults = first.stdout.split(separator: "\n").filter {
                $0.hasPrefix("ok: [h") && $0.range(of: #"\] => \(item=\d+\)"#, options: .regularExpression) != nil
            }
            #expect(becomeResults.count == becomeTasks, "\(becomeResults.count) become task results")
            for host in hosts {
                #expect(try lab.sh(host.name, "cat /root/pb-secret-argument") == values["argument"]!)
            }

            let outputs = Tally("secrets", "canaries absent from stdout, stderr, JSON and JUnit reports (-vvvv, --diff, --check)")
            let places: [(String, String)] = [
                ("run stdout", first.stdout), ("run stderr", first.stderr), ("check stdout", second.stdout),
                ("check stderr", second.stderr),
                ("run JSON", try String(contentsOfFile: directory + "/run.json", encoding: .utf8)),
                ("run JUnit", try String(contentsOfFile: directory + "/run.xml", encoding: .utf8)),
                ("check JSON", try String(contentsOfFile: directory + "/check.json", encoding: .utf8)),
                ("check JUnit", try String(contentsOfFile: directory + "/check.xml", encoding: .utf8)),
            ]
            for (place, text) in places {
                let leaked = needles.filter { text.contains($0) }
                outputs.record(leaked.isEmpty ? nil : "\(place) contains \(leaked)")
            }
            outputs.finish()

            let processes = Tally(
                "secrets", "become password absent from every /proc/*/cmdline and environ, swept during \(becomeTasks) become tasks")
            for (host, sweep) in zip(hosts, sweeps) {
                print("secrets: \(host.name) /proc sweeps \(sweep.sweeps), sudo processes seen \(sweep.sudoProcesses), shells \(sweep.shellProcesses)")
                if sweep.sudoProcesses == 0 { processes.record("\(host.name): the sampler never saw a sudo process") }
                for index in 0..<sweep.sweeps {
                    processes.record(index < sweep.hits.count ? "\(host.name): \(sweep.hits[index])" : nil)
                }
            }
            processes.finish()

            let hostsTally = Tally("secrets", "canaries absent from the hosts' journal and files; no temporary files left")
            for host in hosts {
                try lab.sh(host.name, "rm -f /root/pb-secret-*")
                let scan = try scanHost(host.name)
                hostsTally.record(scan.fileHits.isEmpty ? nil : "\(host.name) files: \(scan.fileHits)")
                hostsTally.record(scan.journalHits.isEmpty ? nil : "\(host.name) journal: \(scan.journalHits)")
                hostsTally.record(scan.leftovers.isEmpty ? nil : "\(host.name) leftovers: \(scan.leftovers)")
                print("secrets: \(host.name) scanned \(scan.scannedFiles) files and \(scan.journalEntries) journal entries")
            }
            hostsTally.finish()
        }

        // MARK: On the hosts

        private func setPassword(_ password: String, on host: String) throws {
            let output = try ChildProcess(
                lab.lab.labScript, ["exec", host, "chpasswd"], stdin: Data("deployp:\(password)\n".utf8)
            ).wait()
            guard output.status == 0 else { throw Lab.Unavailable(description: "chpasswd on \(host): \(output)") }
        }

        private func startSampler(on host: String) throws -> ChildProcess {
            try lab.sh(host, "rm -f /run/pb-sampler-ready /run/pb-sampler-stop")
            let script = try prelude([
                "CANARIES": pythonList([values["become"]!]), "READY_FILE": "'/run/pb-sampler-ready'",
                "STOP_FILE": "'/run/pb-sampler-stop'", "MAX_SECONDS": "1800",
            ]) + String(contentsOfFile: ReliabilityLab.fixture("secrets/proc_sampler.py"), encoding: .utf8)
            let sampler = try ChildProcess.python(on: host, lab: lab.lab, script: script)
            try lab.waitUntil(host, "test -e /run/pb-sampler-ready")
            return sampler
        }

        struct Sweep {
            var sweeps: Int
            var hits: [String]
            var sudoProcesses: Int
            var shellProcesses: Int
        }

        private func stopSampler(_ sampler: ChildProcess, on host: String) throws -> Sweep {
            try lab.sh(host, "touch /run/pb-sampler-stop")
            let output = sampler.wait()
            guard let data = output.stdout.data(using: .utf8),
                let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { throw Lab.Unavailable(description: "sampler on \(host): \(output)") }
            let found = (json["found"] as? [[String: Any]] ?? []).map { "\($0)" }
            let hits = json["hits"] as? Int ?? 0
            return Sweep(
                sweeps: json["sweeps"] as? Int ?? 0, hits: Array(repeating: found.first ?? "hit", count: hits),
                sudoProcesses: json["sudo_processes"] as? Int ?? 0, shellProcesses: json["shell_processes"] as? Int ?? 0)
        }

        struct Scan {
            var scannedFiles: Int
            var fileHits: [String]
            var journalEntries: Int
            var journalHits: [String]
            var leftovers: [String]
        }

        private func scanHost(_ host: String) throws -> Scan {
            let roots = ["/tmp", "/var/tmp", "/root", "/home", "/run", "/var/log", "/var/lib/sudo", "/dev/shm", "/etc"]
            let script = try prelude(["NEEDLES": pythonList(needles), "ROOTS": pythonList(roots)])
                + String(contentsOfFile: ReliabilityLab.fixture("secrets/canary_scan.py"), encoding: .utf8)
            let output = try ChildProcess.python(on: host, lab: lab.lab, script: script).wait()
            guard let data = output.stdout.data(using: .utf8),
                let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { throw Lab.Unavailable(description: "scan on \(host): \(output)") }
            return Scan(
                scannedFiles: json["scanned_files"] as? Int ?? 0, fileHits: json["file_hits"] as? [String] ?? [],
                journalEntries: json["journal_entries"] as? Int ?? 0, journalHits: json["journal_hits"] as? [String] ?? [],
                leftovers: json["leftovers"] as? [String] ?? [])
        }

        private func prelude(_ assignments: [String: String]) -> String {
            assignments.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)\n" }.joined()
        }

        private func pythonList(_ items: [String]) -> String {
            "[" + items.map { "'\($0)'" }.joined(separator: ", ") + "]"
        }
    }
}
