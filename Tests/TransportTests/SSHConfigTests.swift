import Diagnostics
import Foundation
import Testing
@testable import Transport

@Suite struct SSHConfigTests {
    @Test func resolvesEveryHostOfTheFixture() throws {
        let config = try SSHConfig.load(path: Fixture.path("ssh_config"))
        let expectations = try Fixture.expectations("ssh_config.expected")
        #expect(expectations.count == 7)
        for (query, answer, line) in expectations {
            let host = query.dropFirst().joined(separator: " ")
            let source = SourceLocation(fileID: #fileID, filePath: Fixture.path("ssh_config.expected"), line: line, column: 1)
            #expect(describe(config.resolve(host: host)) == answer, "\(host)", sourceLocation: source)
        }
        #expect(config.warnings.isEmpty)
    }

    @Test func reportsEveryProblemOfABadFileAtOnce() throws {
        var thrown: DiagnosticList?
        do {
            _ = try SSHConfig.load(path: Fixture.path("ssh_config_bad"))
        } catch let error as DiagnosticList {
            thrown = error
        }
        let diagnostics = try #require(thrown).diagnostics
        let expectations = try Fixture.text("ssh_config_bad.expected").split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(diagnostics.count == expectations.count)
        for (diagnostic, expected) in zip(diagnostics, expectations) {
            let words = expected.split(separator: " ", maxSplits: 2).map(String.init)
            let parts = words[2].components(separatedBy: " | ")
            #expect(diagnostic.severity.rawValue == words[0])
            let mark = try #require(diagnostic.mark)
            #expect("\(mark.line):\(mark.column)" == words[1], "\(diagnostic)")
            #expect(mark.file.hasSuffix("ssh_config_bad"))
            #expect(diagnostic.message.contains(parts[0]), "\(diagnostic.message)")
            if parts.count > 1 { #expect(diagnostic.hint?.contains(parts[1]) == true, "\(diagnostic.hint ?? "")") }
        }
    }

    @Test func missingFileIsAnEmptyConfig() throws {
        let config = try SSHConfig.load(path: "/nonexistent/ssh/config")
        #expect(config.resolve(host: "anything") == SSHConfigEntry())
    }

    @Test func buildsTargetsWithExplicitValuesWinningAndJumpHostsResolved() throws {
        let config = try SSHConfig.load(path: Fixture.path("ssh_config"))
        let home = PathExpansion.currentHome()
        let web = config.makeTarget(name: "web-1")
        #expect(web.user == "deploy")
        #expect(web.port == 2201)
        #expect(web.identityFiles == ["\(home)/.ssh/id_web-1_deploy", "\(home)/.ssh/id_ed25519"])
        #expect(web.identitiesOnly)
        #expect(web.hostKeyPolicy == .acceptNew)
        #expect(web.proxyJump.map(\.address) == ["203.0.113.5"])
        #expect(web.proxyJump.first?.user == "jumper")
        #expect(web.proxyJump.first?.port == 2200)

        let explicit = config.makeTarget(name: "web-1", address: "192.0.2.7", user: "ops", port: 2022)
        #expect(explicit.user == "ops")
        #expect(explicit.port == 2022)
        #expect(explicit.address == "192.0.2.7")

        let db = config.makeTarget(name: "db1")
        #expect(db.address == "db1.db.example.com")
        #expect(db.proxyJump.map { "\($0.user)@\($0.address):\($0.port)" } == ["ops@203.0.113.5:2201", "fallback@jump2:22"])
        #expect(db.knownHostsFiles == ["\(home)/.ssh/known_hosts.db", "/etc/ssh/extra_known_hosts"])
        #expect(config.makeTarget(name: "web-legacy").connectTimeout == 3)
    }

    @Test func parsesJumpHopForms() {
        #expect(SSHConfigEntry.Hop.parse("h") == .init(user: nil, host: "h", port: nil))
        #expect(SSHConfigEntry.Hop.parse("u@h:2") == .init(user: "u", host: "h", port: 2))
        #expect(SSHConfigEntry.Hop.parse("[2001:db8::1]:22") == .init(user: nil, host: "2001:db8::1", port: 22))
        #expect(SSHConfigEntry.Hop.parse("u@") == nil)
        #expect(SSHConfigEntry.Hop.parse("h:99999") == nil)
        #expect(SSHConfigEntry.Hop.parse("h:x") == nil)
    }

    @Test func includeDepthIsBounded() throws {
        let directory = NSTemporaryDirectory() + "sshconfig-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "Include self.conf\nUser looped\n".write(toFile: directory + "/self.conf", atomically: true, encoding: .utf8)
        #expect(throws: DiagnosticList.self) { try SSHConfig.load(path: directory + "/self.conf") }
    }

    private func describe(_ entry: SSHConfigEntry) -> String {
        var parts: [String] = []
        if let value = entry.hostName { parts.append("hostname=\(value)") }
        if let value = entry.user { parts.append("user=\(value)") }
        if let value = entry.port { parts.append("port=\(value)") }
        if !entry.identityFiles.isEmpty { parts.append("identityfile=\(entry.identityFiles.joined(separator: ","))") }
        if let value = entry.identitiesOnly { parts.append("identitiesonly=\(value ? "yes" : "no")") }
        if let hops = entry.proxyJump {
            let text = hops.map { ($0.user.map { "\($0)@" } ?? "") + $0.host + ($0.port.map { ":\($0)" } ?? "") }
            parts.append("proxyjump=\(text.isEmpty ? "none" : text.joined(separator: ","))")
        }
        if let value = entry.strictHostKeyChecking { parts.append("stricthostkeychecking=\(value.rawValue)") }
        if let files = entry.userKnownHostsFiles { parts.append("userknownhostsfile=\(files.joined(separator: ","))") }
        if let value = entry.connectTimeout { parts.append("connecttimeout=\(ProgramScript.formatSeconds(value))") }
        return parts.joined(separator: " ")
    }
}
