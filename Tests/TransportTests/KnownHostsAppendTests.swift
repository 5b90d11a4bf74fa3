import Foundation
import Testing
@testable import Transport

@Suite struct KnownHostsAppendTests {
    let keys: [[UInt8]]

    init() throws {
        keys = try Fixture.text("keys.txt").split(separator: "\n").map { try #require(Base64.decode($0.split(separator: " ")[2])) }
    }

    /// 200 threads record the same 4 hosts at once: each host gets exactly one line, and the
    /// lines that were there before stay byte-identical.
    @Test func parallelFirstConnectsAppendEachHostOnce() throws {
        let file = NSTemporaryDirectory() + "pb-known-hosts-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let original = "# kept\nold.example.com \(keyLine(0))"  // no trailing newline on purpose
        try original.write(toFile: file, atomically: true, encoding: .utf8)
        let hosts = ["a.example.com", "b.example.com", "c.example.com", "d.example.com"]
        let outcomes = OutcomeLog()
        DispatchQueue.concurrentPerform(iterations: 200) { index in
            let host = hosts[index % hosts.count]
            let result = Result { try KnownHosts.appendIfAbsent(file: file, host: host, port: 22, keyBlob: keys[1]) }
            outcomes.add(host, result)
        }
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.hasPrefix(original + "\n"))
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2 + hosts.count)
        for host in hosts {
            #expect(lines.filter { $0.hasPrefix(host + " ") }.count == 1)
            #expect(outcomes.appended(host) == 1)
        }
        #expect(KnownHosts.parse(text, file: file).problems.isEmpty)
    }

    @Test func aConflictingKeyIsReportedNotAppended() throws {
        let file = NSTemporaryDirectory() + "pb-known-hosts-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let original = "[h.example.com]:2222 \(keyLine(0))\n"
        try original.write(toFile: file, atomically: true, encoding: .utf8)
        let outcome = try KnownHosts.appendIfAbsent(file: file, host: "h.example.com", port: 2222, keyBlob: keys[7])
        guard case .conflict(.mismatch(let recorded)) = outcome else {
            Issue.record("expected a conflict, got \(outcome)")
            return
        }
        #expect(recorded.first?.line == 1)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == original)
    }

    private func keyLine(_ index: Int) -> String {
        "\(Fingerprint.keyType(ofBlob: keys[index])!) \(Base64.encode(keys[index]))"
    }
}

private final class OutcomeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var appends: [String: Int] = [:]

    func add(_ host: String, _ result: Result<KnownHosts.AppendOutcome, any Error>) {
        lock.withLock {
            if case .success(.appended) = result { appends[host, default: 0] += 1 }
        }
    }

    func appended(_ host: String) -> Int { lock.withLock { appends[host] ?? 0 } }
}
