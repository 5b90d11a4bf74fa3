import Foundation
import TestSupport
import Testing
import Transport

extension Reliability {
    /// A wrong host key is never trusted: an unknown host in strict mode, a changed key in strict
    /// and accept-new, a host that stopped offering the only key type recorded for it. Each try
    /// also checks that known_hosts stayed byte-identical and no file appeared beside it.
    @Suite(.serialized) struct HostKeys {
        let lab: ReliabilityLab

        init() throws { lab = try ReliabilityLab() }

        /// A known_hosts file full of other entries — comments, other hosts, a hashed name, this
        /// host on another port, a certificate authority, a revoked key — none of which vouches
        /// for `host` on port 22.
        func unrelatedKnownHosts(for host: Lab.Host, in directory: String) throws -> String {
            let other = try lab.hostKeyLines("h140").first { $0.contains("ssh-ed25519") }!
            let otherKey = other.split(separator: " ").dropFirst().joined(separator: " ")
            let text = """
                # production hosts
                other.example.com \(otherKey)
                \(try KeyOracle.hashed("db.example.com " + otherKey))

                [\(host.address)]:2299 \(otherKey)
                @cert-authority *.example.com \(otherKey)
                @revoked stale.example.com \(otherKey)

                """
            let path = directory + "/known_hosts"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        @Test func anUnknownHostIsRefusedInStrictModeAndKnownHostsStaysByteIdentical() throws {
            let host = try lab.host(121)
            let directory = try ReliabilityLab.temporaryDirectory("unknown")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let file = try unrelatedKnownHosts(for: host, in: directory)
            let before = FileManager.default.bytes(atPath: file)
            let offered = try lab.hostKeyLines(host.name).first { $0.contains("ssh-ed25519") }!
            let fingerprint = try KeyOracle.fingerprint(ofLine: offered)
            let tally = Tally("host keys", "unknown host refused in strict mode, known_hosts byte-identical")
            for _ in 0..<Trials.count(ci: 20, long: 100) {
                tally.trial {
                    var problems = Problems()
                    do throws(TransportError) {
                        let connection = try SSHConnection.connect(lab.target(host, knownHostsFile: file))
                        connection.close()
                        problems.add("an unknown host was accepted")
                    } catch {
                        guard case .hostKeyRejected(_, let reason) = error else {
                            return ["expected a host key rejection, got \(error)"]
                        }
                        problems.check(reason.contains(fingerprint), "the message lacks \(fingerprint): \(reason)")
                    }
                    problems.check(FileManager.default.bytes(atPath: file) == before, "known_hosts changed")
                    problems.check(
                        FileManager.default.names(in: directory) == ["known_hosts"],
                        "files appeared: \(FileManager.default.names(in: directory))")
                    return problems.list
                }
            }
            tally.finish()
        }

        @Test func aChangedKeyIsRefusedInStrictAndAcceptNewWithItsFingerprint() throws {
            let host = try lab.host(121)
            let directory = try ReliabilityLab.temporaryDirectory("changed")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let file = directory + "/known_hosts"
            let recorded = try lab.hostKeyLines(host.name)
            try (recorded.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            try SSHConnection.connect(lab.target(host, knownHostsFile: file)).close()
            try lab.script(["rekey", host.name])
            let newKey = try lab.hostKeyLines(host.name).first { $0.contains("ssh-ed25519") }!
            let newFingerprint = try KeyOracle.fingerprint(ofLine: newKey)
            let oldFingerprint = try KeyOracle.fingerprint(ofLine: recorded.first { $0.contains("ssh-ed25519") }!)
            #expect(newFingerprint != oldFingerprint)
            let before = FileManager.default.bytes(atPath: file)
            let tally = Tally("host keys", "changed key refused (strict and accept-new) naming its SHA256 fingerprint")
            for attempt in 0..<Trials.count(ci: 20, long: 100) {
                let policy: HostKeyPolicy = attempt.isMultiple(of: 2) ? .strict : .acceptNew
                tally.trial {
                    var problems = Problems()
                    do throws(TransportError) {
                        let connection = try SSHConnection.connect(lab.target(host, knownHostsFile: file, policy: policy))
                        connection.close()
                        problems.add("a changed key was accepted with \(policy)")
                    } catch {
                        guard case .hostKeyRejected(_, let reason) = error else {
                            return ["\(policy): expected a host key rejection, got \(error)"]
                        }
                        problems.check(reason.contains(newFingerprint), "\(policy): no \(newFingerprint) in: \(reason)")
                        problems.check(reason.contains(oldFingerprint), "\(policy): no recorded \(oldFingerprint) in: \(reason)")
                        problems.check(reason.contains("\(file):"), "\(policy): the known_hosts line is not named: \(reason)")
                    }
                    problems.check(FileManager.default.bytes(atPath: file) == before, "\(policy): known_hosts changed")
                    return problems.list
                }
            }
            tally.finish()
        }

        /// libssh2 prefers ECDSA; a host recorded only by ed25519 that stops offering ed25519 must
        /// not look "unknown" (and be re-learned by accept-new with its ECDSA key).
        @Test func aHostThatStopsOfferingItsRecordedKeyTypeIsRefusedNeverRelearned() throws {
            let host = try lab.host(122)
            let directory = try ReliabilityLab.temporaryDirectory("ed25519-only")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let file = directory + "/known_hosts"
            let ed25519 = try lab.hostKeyLines(host.name).first { $0.contains("ssh-ed25519") }!
            try (ed25519 + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            try SSHConnection.connect(lab.target(host, knownHostsFile: file)).close()

            let config = "/etc/ssh/sshd_config.d/lab.conf"
            try lab.sh(host.name, "sed -i '/ssh_host_ed25519_key/d' \(config) && systemctl restart ssh")
            defer {
                _ = try? lab.sh(
                    host.name,
                    "grep -q ed25519 \(config) || sed -i '1i HostKey /etc/ssh/lab/ssh_host_ed25519_key' \(config); systemctl restart ssh")
            }
            let offered = try lab.sh(host.name, "ssh-keyscan -t ed25519,ecdsa 127.0.0.1 2>/dev/null | cut -d' ' -f2")
            #expect(offered == "ecdsa-sha2-nistp256", "sshd still offers: \(offered)")
            let before = FileManager.default.bytes(atPath: file)
            let tally = Tally("host keys", "host recorded only by ed25519, offering only ECDSA, refused and not re-learned")
            for attempt in 0..<Trials.count(ci: 10, long: 50) {
                let policy: HostKeyPolicy = attempt.isMultiple(of: 2) ? .acceptNew : .strict
                tally.trial {
                    var problems = Problems()
                    do throws(TransportError) {
                        let connection = try SSHConnection.connect(lab.target(host, knownHostsFile: file, policy: policy))
                        connection.close()
                        problems.add("\(policy): connected to a host that no longer offers its recorded key type")
                    } catch {
                        guard case .hostKeyRejected(_, let reason) = error else {
                            return ["\(policy): expected a host key rejection, got \(error)"]
                        }
                        problems.check(reason.contains("ssh-ed25519"), "\(policy): the recorded type is not named: \(reason)")
                    }
                    problems.check(FileManager.default.bytes(atPath: file) == before, "\(policy): known_hosts changed")
                    return problems.list
                }
            }
            tally.finish()
        }
    }
}
