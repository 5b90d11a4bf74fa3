import Foundation
import TestSupport
import Testing
import Transport

extension Reliability {
    /// known_hosts as people's files really look: hashed names, `[host]:port`, comments, CRLF and
    /// tabs, wildcards and negation, `@revoked`, `@cert-authority`, malformed lines. For every
    /// file the verdict against the real host must be the expected one AND OpenSSH's own.
    @Suite(.serialized) struct KnownHostsFormats {
        let lab: ReliabilityLab

        init() throws { lab = try ReliabilityLab() }

        struct Case {
            var name: String
            var text: String
            var port: Int
            var accepted: Bool
            /// Words the refusal must contain.
            var refusalMentions: [String] = []
        }

        func cases(for host: Lab.Host) throws -> [Case] {
            let keys = try lab.hostKeyLines(host.name)
            let ed25519 = keys.first { $0.contains("ssh-ed25519") }!.split(separator: " ").dropFirst().joined(separator: " ")
            let ecdsa = keys.first { $0.contains("ecdsa-sha2") }!.split(separator: " ").dropFirst().joined(separator: " ")
            let foreign = try lab.hostKeyLines("h140").first { $0.contains("ssh-ed25519") }!
                .split(separator: " ").dropFirst().joined(separator: " ")
            let address = host.address
            let prefix = address.split(separator: ".").prefix(3).joined(separator: ".")
            let wildcard = prefix + "." + String(address.split(separator: ".").last!.dropLast(2)) + "??"
            return [
                Case(name: "hashed name", text: try KeyOracle.hashed("\(address) \(ed25519)") + "\n", port: 22, accepted: true),
                Case(name: "[host]:port", text: "[\(address)]:2222 \(ed25519)\n", port: 2222, accepted: true),
                Case(
                    name: "[host]:port does not vouch for port 22", text: "[\(address)]:2222 \(ed25519)\n", port: 22,
                    accepted: false, refusalMentions: ["not a known host"]),
                Case(
                    name: "hashed [host]:port", text: try KeyOracle.hashed("[\(address)]:2222 \(ed25519)") + "\n", port: 2222,
                    accepted: true),
                Case(
                    name: "comments, blank lines, CRLF and tabs",
                    text: "# managed by hand\r\n\r\n   # indented comment\r\n\(address)\t\(ed25519.replacingOccurrences(of: " ", with: "\t"))\r\n",
                    port: 22, accepted: true),
                Case(
                    name: "@revoked key refused even when also listed", text: "@revoked * \(ed25519)\n\(address) \(ed25519)\n",
                    port: 22, accepted: false, refusalMentions: ["@revoked"]),
                Case(
                    name: "@revoked ed25519, ECDSA recorded", text: "@revoked * \(ed25519)\n\(address) \(ecdsa)\n", port: 22,
                    accepted: true),
                Case(
                    name: "@cert-authority line beside the host's line",
                    text: "@cert-authority *.example.com \(foreign)\n\(address) \(ed25519)\n", port: 22, accepted: true),
                Case(
                    name: "the host's key as @cert-authority only", text: "@cert-authority \(address) \(ed25519)\n", port: 22,
                    accepted: false, refusalMentions: ["not a known host"]),
                Case(
                    name: "negated pattern", text: "\(prefix).*,!\(address) \(ed25519)\n", port: 22, accepted: false,
                    refusalMentions: ["not a known host"]),
                Case(name: "wildcard pattern", text: "\(wildcard) \(ed25519)\n", port: 22, accepted: true),
                Case(
                    name: "another key first, the right one later", text: "\(address) \(foreign)\n\(address) \(ed25519)\n",
                    port: 22, accepted: true),
                Case(
                    name: "malformed lines around a good one",
                    text: "garbage\n\(address) ssh-ed25519 not*base64\n@bogus \(address) \(ed25519)\n\(address) \(ed25519)\n",
                    port: 22, accepted: true),
                Case(
                    name: "a different key under a hashed name", text: try KeyOracle.hashed("\(address) \(foreign)") + "\n",
                    port: 22, accepted: false, refusalMentions: ["CHANGED"]),
            ]
        }

        @Test func everyFormatIsCheckedAsOpenSSHChecksIt() throws {
            let host = try lab.host(123)
            try lab.listen(host.name, extraPorts: [2222])
            let directory = try ReliabilityLab.temporaryDirectory("formats")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let file = directory + "/known_hosts"
            let tally = Tally("host keys", "known_hosts formats (hashed, [host]:port, comments, @revoked, @cert-authority) checked as OpenSSH does")
            for _ in 0..<Trials.count(ci: 2, long: 10) {
                for item in try cases(for: host) {
                    tally.trial {
                        try item.text.write(toFile: file, atomically: true, encoding: .utf8)
                        let before = FileManager.default.bytes(atPath: file)
                        var problems = Problems()
                        let openssh = try KeyOracle.opensshAccepts(
                            address: host.address, port: item.port, knownHosts: file, keyFile: lab.lab.keyFile)
                        problems.check(openssh == item.accepted, "\(item.name): OpenSSH says accepted=\(openssh)")
                        do throws(TransportError) {
                            let connection = try SSHConnection.connect(lab.target(host, knownHostsFile: file, port: item.port))
                            connection.close()
                            problems.check(item.accepted, "\(item.name): accepted")
                        } catch {
                            guard case .hostKeyRejected(_, let reason) = error else {
                                return ["\(item.name): \(error)"]
                            }
                            problems.check(!item.accepted, "\(item.name): refused: \(reason)")
                            for word in item.refusalMentions {
                                problems.check(reason.contains(word), "\(item.name): '\(word)' missing in: \(reason)")
                            }
                        }
                        problems.check(FileManager.default.bytes(atPath: file) == before, "\(item.name): the file changed")
                        return problems.list
                    }
                }
            }
            tally.finish()
        }
    }
}
