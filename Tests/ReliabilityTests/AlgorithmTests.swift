import Foundation
import TestSupport
import Testing
import Transport

extension Reliability {
    /// What was really negotiated, as the server saw it: sshd at `LogLevel DEBUG` writes the key
    /// exchange, host key, cipher and MAC of every connection to the journal; none of them may be
    /// SHA-1 key exchange, CBC, 3des/arcfour/blowfish, or an MD5/SHA-1 MAC.
    @Suite(.serialized) struct Algorithms {
        let lab: ReliabilityLab

        init() throws { lab = try ReliabilityLab() }

        static let forbiddenKex = ["sha1", "group1", "group14-sha1", "group-exchange-sha1"]
        static let forbiddenCiphers = ["cbc", "3des", "arcfour", "blowfish", "cast128", "none"]
        static let forbiddenMacs = ["hmac-md5", "hmac-sha1", "-96", "ripemd", "umac-64", "none"]

        /// The test's connections go to a port of their own, so that whatever else connects to
        /// the host meanwhile (port 22) cannot be mistaken for them in sshd's log.
        static let port = 2222

        @Test func noWeakAlgorithmIsEverNegotiated() throws {
            let host = try lab.host(128)
            let dropIn = "/etc/ssh/sshd_config.d/00-reliability-debug.conf"
            try lab.sh(host.name, "echo 'LogLevel DEBUG' > \(dropIn)")
            try lab.listen(host.name, extraPorts: [Self.port])
            try lab.sh(host.name, "systemctl restart ssh")
            defer {
                _ = try? lab.sh(host.name, "rm -f \(dropIn)")
                try? lab.listen(host.name, extraPorts: [])
                _ = try? lab.sh(host.name, "systemctl restart ssh")
            }
            let directory = try ReliabilityLab.temporaryDirectory("algorithms")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let knownHosts = directory + "/known_hosts"
            try (lab.hostKeyLines(host.name).map { "[\(host.address)]:\(Self.port) " + $0.split(separator: " ").dropFirst().joined(separator: " ") }
                .joined(separator: "\n") + "\n").write(toFile: knownHosts, atomically: true, encoding: .utf8)
            let since = try lab.sh(host.name, "date '+%Y-%m-%d %H:%M:%S'")
            // The journal's clock has one-second resolution here: start in the next second.
            Thread.sleep(forTimeInterval: 1.1)

            let connections = Trials.count(ci: 30, long: 100)
            var connectFailures: [String] = []
            for index in 0..<connections {
                do throws(TransportError) {
                    let connection = try SSHConnection.connect(lab.target(host, knownHostsFile: knownHosts, port: Self.port))
                    _ = try connection.run(RunRequest(program: "true"))
                    connection.close()
                } catch {
                    connectFailures.append("connection \(index): \(error)")
                }
            }
            #expect(connectFailures.isEmpty, "\(connectFailures)")
            // sshd logs from its pre-auth child, and journald may lag behind on a loaded machine:
            // read until every connection's lines are there, for at most 15 s.
            var (negotiated, elsewhere) = ([Negotiation](), 0)
            let deadline = Date().addingTimeInterval(15)
            repeat {
                Thread.sleep(forTimeInterval: 1)
                let journal = try lab.sh(host.name, "journalctl -u ssh --since '\(since)' -o short --no-pager")
                (negotiated, elsewhere) = Self.negotiations(in: journal, port: Self.port)
            } while negotiated.filter({ $0.directions.count == 2 }).count < connections && Date() < deadline
            print("algorithms: \(negotiated.count) key exchanges on port \(Self.port), \(elsewhere) on other ports meanwhile")

            let tally = Tally("algorithms", "connections negotiated without SHA-1 kex, CBC or MD5/SHA-1 MACs (sshd debug log)")
            for index in 0..<connections {
                guard index < negotiated.count else {
                    tally.record("connection \(index): no kex lines in sshd's log")
                    continue
                }
                let seen = negotiated[index]
                var problems = Problems()
                problems.check(!Self.forbiddenKex.contains { seen.kex.contains($0) }, "kex \(seen.kex)")
                for (direction, cipher, mac) in seen.directions {
                    problems.check(!Self.forbiddenCiphers.contains { cipher.contains($0) }, "\(direction) cipher \(cipher)")
                    problems.check(!Self.forbiddenMacs.contains { mac.contains($0) }, "\(direction) MAC \(mac)")
                }
                problems.check(seen.directions.count == 2, "\(seen.directions.count) cipher lines")
                problems.check(["ssh-ed25519", "ecdsa-sha2-nistp256"].contains(seen.hostKey), "host key \(seen.hostKey)")
                tally.record(problems.list.isEmpty ? nil : problems.list.joined(separator: "; "))
            }
            if negotiated.count > connections {
                tally.record("sshd logged \(negotiated.count) key exchanges for \(connections) connections")
            }
            let kinds = Set(negotiated.map { "\($0.kex) \($0.hostKey) \($0.directions.map { "\($0.1)/\($0.2)" }.joined(separator: " "))" })
            print("algorithms negotiated: \(kinds.sorted())")
            tally.finish()
        }

        struct Negotiation {
            var kex = ""
            var hostKey = ""
            var directions: [(String, String, String)] = []
        }

        /// sshd's debug lines, one negotiation per "kex: algorithm:" line, for the connections
        /// that came in on `port` (`Connection from A port P on B port 2222`, logged by the same
        /// sshd process as its key exchange): `kex: algorithm: curve25519-sha256 [preauth]`,
        /// `kex: host key algorithm: ssh-ed25519`,
        /// `kex: client->server cipher: aes256-ctr MAC: hmac-sha2-256 compression: none`.
        /// Also how many key exchanges other connections made.
        static func negotiations(in journal: String, port: Int) -> (ours: [Negotiation], elsewhere: Int) {
            var byProcess: [String: [Negotiation]] = [:]
            var order: [String] = []
            var ours: Set<String> = []
            func amendLast(of process: String, _ change: (inout Negotiation) -> Void) {
                guard var list = byProcess[process], !list.isEmpty else { return }
                change(&list[list.count - 1])
                byProcess[process] = list
            }
            for raw in journal.split(separator: "\n") {
                guard let open = raw.range(of: "sshd["), let close = raw[open.upperBound...].range(of: "]: ") else { continue }
                let process = String(raw[open.upperBound..<close.lowerBound])
                let line = raw[close.upperBound...].replacingOccurrences(of: " [preauth]", with: "")
                if line.contains("Connection from "), line.hasSuffix(" port \(port)") || line.contains(" port \(port) rdomain") {
                    ours.insert(process)
                }
                if let value = Self.value(after: "kex: algorithm: ", in: line) {
                    if byProcess[process] == nil { order.append(process) }
                    byProcess[process, default: []].append(Negotiation(kex: value))
                } else if let value = Self.value(after: "kex: host key algorithm: ", in: line) {
                    amendLast(of: process) { $0.hostKey = value }
                } else if let range = line.range(of: #"kex: (client->server|server->client) cipher: "#, options: .regularExpression) {
                    let direction = line[range].contains("client->server") ? "client->server" : "server->client"
                    let words = line[range.upperBound...].split(separator: " ").map(String.init)
                    let cipher = words.first ?? ""
                    let mac = words.firstIndex(of: "MAC:").flatMap { $0 + 1 < words.count ? words[$0 + 1] : nil } ?? ""
                    amendLast(of: process) { $0.directions.append((direction, cipher, mac)) }
                }
            }
            let mine = order.filter { ours.contains($0) }.flatMap { byProcess[$0] ?? [] }
            let others = order.filter { !ours.contains($0) }.reduce(0) { $0 + (byProcess[$1]?.count ?? 0) }
            return (mine, others)
        }

        private static func value(after marker: String, in line: String) -> String? {
            guard let range = line.range(of: marker) else { return nil }
            return line[range.upperBound...].split(separator: " ").first.map(String.init)
        }
    }
}
