import Foundation
import TestSupport
import Testing
import Transport

extension Reliability {
    /// accept-new under a stampede: 200 first connections at once to 200 distinct known_hosts
    /// names (20 hosts × ports 22 and 2201–2209, so `[ip]:port` names), half from threads of this
    /// process and half from a `playbook` run, all appending to one file that does not exist
    /// yet. Each name must be recorded exactly once with the host's real key.
    @Suite(.serialized) struct AcceptNewFanOut {
        let lab: ReliabilityLab
        static let extraPorts = Array(2201...2209)

        init() throws { lab = try ReliabilityLab() }

        struct Endpoint: Sendable {
            var host: Lab.Host
            var port: Int
            var knownHostsName: String { port == 22 ? host.address : "[\(host.address)]:\(port)" }
        }

        @Test
        func parallelFirstConnectsRecordEachNameExactlyOnce() throws {
            let hosts = try lab.hosts(ReliabilityLab.range)
            for host in hosts {
                try roomForStartups(host.name, true)
                try lab.listen(host.name, extraPorts: Self.extraPorts)
            }
            defer {
                for host in hosts {
                    try? lab.listen(host.name, extraPorts: [])
                    try? roomForStartups(host.name, false)
                }
            }
            var realKeys: [String: String] = [:]
            for host in hosts {
                let line = try lab.hostKeyLines(host.name).first { $0.contains("ssh-ed25519") }!
                realKeys[host.address] = line.split(separator: " ").dropFirst().joined(separator: " ")
            }
            let endpoints = hosts.flatMap { host in ([22] + Self.extraPorts).map { Endpoint(host: host, port: $0) } }
            #expect(endpoints.count == 200)
            let tally = Tally("host keys", "accept-new, 200 parallel first connects (threads + a playbook run), one line per name")
            for _ in 0..<Trials.count(ci: 5, long: 20) {
                tally.trial { try repetition(endpoints, realKeys: realKeys) }
            }
            tally.finish()
        }

        private func repetition(_ endpoints: [Endpoint], realKeys: [String: String]) throws -> [String] {
            let directory = try ReliabilityLab.temporaryDirectory("accept-new")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let file = directory + "/ssh/known_hosts"
            let (inProcess, viaBinary) = (Array(endpoints.enumerated().filter { $0.offset.isMultiple(of: 2) }.map(\.element)),
                                          Array(endpoints.enumerated().filter { !$0.offset.isMultiple(of: 2) }.map(\.element)))
            var problems = Problems()
            let inventory = try writeInventory(viaBinary, knownHosts: file, in: directory)
            let binary = try ChildProcess.playbook(
                ["-i", inventory, ReliabilityLab.fixture("ping.yml"), "--host-key-checking", "accept-new", "-f", "100", "-T", "60"],
                in: directory)
            let failures = connectAll(inProcess, knownHosts: file, policy: .acceptNew)
            let output = binary.wait()
            problems.check(failures.isEmpty, "in-process connects failed: \(failures.prefix(3))")
            problems.check(output.status == 0, "the playbook run failed: \(Self.failureSummary(output))")

            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return problems.list + ["no known_hosts"] }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            problems.check(text.hasSuffix("\n"), "the file does not end with a newline")
            problems.check(lines.count == endpoints.count, "\(lines.count) lines for \(endpoints.count) names")
            var byName: [String: [String]] = [:]
            for line in lines {
                let fields = line.split(separator: " ", maxSplits: 1).map(String.init)
                guard fields.count == 2 else {
                    problems.add("malformed line: \(line)")
                    continue
                }
                byName[fields[0], default: []].append(fields[1])
            }
            for endpoint in endpoints {
                let recorded = byName[endpoint.knownHostsName] ?? []
                problems.check(recorded.count == 1, "\(endpoint.knownHostsName) recorded \(recorded.count) times")
                problems.check(
                    recorded.allSatisfy { $0 == realKeys[endpoint.host.address] },
                    "\(endpoint.knownHostsName): not the host's real ed25519 key")
            }
            problems.check(KnownHosts.parse(text, file: file).problems.isEmpty, "the file does not parse cleanly")

            // The recorded file now verifies every name in strict mode, and strict never writes.
            let before = FileManager.default.bytes(atPath: file)
            let strictFailures = connectAll(endpoints, knownHosts: file, policy: .strict)
            problems.check(strictFailures.isEmpty, "strict connects with the recorded file failed: \(strictFailures.prefix(3))")
            problems.check(FileManager.default.bytes(atPath: file) == before, "a strict connect changed the file")
            return problems.list
        }

        /// Ten names of one host connect at once, from two processes whose startup gates each
        /// count only their own five (and per port): exactly sshd's `MaxStartups 10:30:100`
        /// threshold, past which any further pre-authentication connection is dropped with 30%
        /// odds and has to be retried. A real fan-out reaches 200 sshds; ten ports on one sshd is
        /// this test's own device, so its hosts' sshd gets room for it while the test runs.
        private func roomForStartups(_ host: String, _ wanted: Bool) throws {
            let file = "/etc/ssh/sshd_config.d/00-reliability-startups.conf"
            let setting = "MaxStartups 100:30:200"
            try lab.sh(
                host,
                wanted
                    ? "[ \"$(cat \(file) 2>/dev/null)\" = '\(setting)' ] || { printf '%s\\n' '\(setting)' > \(file) && systemctl restart ssh; }"
                    : "[ ! -e \(file) ] || { rm -f \(file) && systemctl restart ssh; }")
        }

        /// Why a run failed: its exit, the lines naming failed or unreachable hosts (the recap's
        /// tail alone hides them), and the end of stderr.
        static func failureSummary(_ output: ChildProcess.Output) -> String {
            let trouble = output.stdout.split(separator: "\n").filter { line in
                line.contains("fatal:") || line.contains("UNREACHABLE") || line.contains("FAILED")
                    || (line.contains(" : ok=") && !(line.contains("unreachable=0") && line.contains("failed=0")))
            }
            return "exit \(output.status)\(output.signaled ? " (signal)" : "") after \(Int(output.seconds)) s; "
                + "\(trouble.prefix(20).joined(separator: "\n")) \(output.stderr.suffix(800))"
        }

        /// One thread per endpoint, released together; the failures as text.
        private func connectAll(_ endpoints: [Endpoint], knownHosts: String, policy: HostKeyPolicy) -> [String] {
            let failures = LockedBox([String]())
            let start = DispatchGroup()
            start.enter()
            let done = DispatchGroup()
            for endpoint in endpoints {
                var configured = lab.target(endpoint.host, knownHostsFile: knownHosts, policy: policy, port: endpoint.port)
                configured.connectTimeout = 60
                let target = configured
                done.enter()
                let thread = Thread {
                    start.wait()
                    do {
                        try SSHConnection.connect(target).close()
                    } catch {
                        failures.update { $0.append("\(endpoint.knownHostsName): \(error)") }
                    }
                    done.leave()
                }
                thread.stackSize = 1 << 20
                thread.start()
            }
            start.leave()
            done.wait()
            return failures.get()
        }

        private func writeInventory(_ endpoints: [Endpoint], knownHosts: String, in directory: String) throws -> String {
            var text = ""
            for endpoint in endpoints {
                text += "\(endpoint.host.name)-p\(endpoint.port) ansible_host=\(endpoint.host.address) ansible_port=\(endpoint.port)\n"
            }
            text += "\n[all:vars]\nansible_user=root\nansible_ssh_private_key_file=\(lab.lab.keyFile)\n"
            text += "ansible_ssh_common_args='-o UserKnownHostsFile=\(knownHosts)'\n"
            let path = directory + "/hosts.ini"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }
}
