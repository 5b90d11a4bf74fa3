import Foundation
import Testing
@testable import Transport

@Suite struct KnownHostsTests {
    let knownHosts: KnownHosts
    let keys: [String: [UInt8]]

    init() throws {
        knownHosts = KnownHosts.parse(try Fixture.text("known_hosts"), file: "known_hosts")
        var keys: [String: [UInt8]] = [:]
        for line in try Fixture.text("keys.txt").split(separator: "\n") {
            let fields = line.split(separator: " ")
            keys[String(fields[0])] = Base64.decode(fields[2])
        }
        self.keys = keys
    }

    @Test func answersEveryExpectationOfTheFixture() throws {
        let expectations = try Fixture.expectations("known_hosts.expected")
        #expect(expectations.count > 20)
        for (query, answer, line) in expectations {
            let source = SourceLocation(fileID: #fileID, filePath: Fixture.path("known_hosts.expected"), line: line, column: 1)
            switch query[0] {
            case "lookup":
                let lines = knownHosts.lookup(host: query[1], port: Int(query[2])!).map { String($0.line) }
                #expect(lines.joined(separator: ",") == answer, "\(query)", sourceLocation: source)
            case "types":
                let types = knownHosts.recordedKeyTypes(host: query[1], port: Int(query[2])!)
                #expect(types.joined(separator: ",") == answer, "\(query)", sourceLocation: source)
            case "check":
                let blob = try #require(keys[query[3]], sourceLocation: source)
                let verdict = knownHosts.check(host: query[1], port: Int(query[2])!, keyBlob: blob)
                #expect(describe(verdict) == answer, "\(query)", sourceLocation: source)
            case "problems":
                let problems = knownHosts.problems.map { "\($0.mark!.line):\($0.mark!.column)" }
                #expect(problems.joined(separator: ",") == answer, sourceLocation: source)
            default:
                Issue.record("unknown expectation \(query[0])", sourceLocation: source)
            }
        }
    }

    @Test func fingerprintsMatchSSHKeygen() throws {
        for line in try Fixture.text("fingerprints.txt").split(separator: "\n") {
            let fields = line.split(separator: " ")
            let blob = try #require(Base64.decode(fields[2]))
            #expect(Fingerprint.sha256(blob) == String(fields[0]))
            #expect(Fingerprint.keyType(ofBlob: blob) == String(fields[1]))
        }
    }

    @Test func writesLinesAsOpenSSHDoes() throws {
        let blob = try #require(keys["ed25519"])
        let line = try #require(KnownHosts.line(forName: "[10.0.0.1]:2222", keyBlob: blob))
        let reparsed = KnownHosts.parse(line + "\n", file: "new")
        #expect(reparsed.problems.isEmpty)
        #expect(line.hasPrefix("[10.0.0.1]:2222 ssh-ed25519 AAAA"))
        if case .match = reparsed.check(host: "10.0.0.1", port: 2222, keyBlob: blob) {} else {
            Issue.record("a written line must match its own host")
        }
    }

    @Test func malformedInputNeverCrashes() {
        let hostile = [
            "|1|", "|1|!!|!!", "|1|AAAA|AAAA ssh-ed25519 AAAA", "@revoked", "@cert-authority a", "a b",
            String(repeating: "*", count: 10000) + " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5",
            "\u{0}\u{1} \u{2} \u{3}", "[host:22 ssh-ed25519 AAAA", "host ssh-ed25519 ====",
        ]
        for text in hostile {
            let parsed = KnownHosts.parse(text, file: "hostile")
            #expect(parsed.entries.isEmpty, "\(text.prefix(40))")
            _ = parsed.lookup(host: String(repeating: "a", count: 5000) + "b")
        }
    }

    @Test func wildcardMatchingIsLinearOnHostilePatterns() {
        let pattern = Array(String(repeating: "*a", count: 40).utf8) + Array("b".utf8)
        let text = Array(String(repeating: "a", count: 4000).utf8)
        let start = Date()
        #expect(!HostPattern.wildcardMatch(text, pattern))
        #expect(Date().timeIntervalSince(start) < 2)
        #expect(HostPattern.matches("web-1", patterns: ["web-?", "!web-2"]))
        #expect(!HostPattern.matches("web-2", patterns: ["web-?", "!web-2"]))
        #expect(!HostPattern.matches("web-2", patterns: ["!web-3"]))
    }

    private func describe(_ verdict: HostKeyCheck) -> String {
        switch verdict {
        case .match(let entry): return "match \(entry.line)"
        case .mismatch(let entries): return "mismatch " + entries.map { String($0.line) }.joined(separator: ",")
        case .revoked(let entry): return "revoked \(entry.line)"
        case .notFound: return "notFound"
        }
    }
}
