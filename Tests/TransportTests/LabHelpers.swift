import Foundation
import TestSupport
@testable import Transport

/// Helpers shared by the lab tests: one dedicated thread per host, as the executor does.
enum LabRun {
    /// Runs `body` for every item on its own thread, all at once, and returns the results in order.
    static func onThreads<Item: Sendable, Output: Sendable>(
        _ items: [Item], _ body: @escaping @Sendable (Item) -> Output
    ) -> [Output] {
        let results = LockedBox([Int: Output]())
        let group = DispatchGroup()
        for (index, item) in items.enumerated() {
            group.enter()
            let thread = Thread {
                let output = body(item)
                results.update { $0[index] = output }
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        let collected = results.get()
        return items.indices.map { collected[$0]! }
    }

    /// The lab's hosts reserved for transport tests that do not break anything.
    static let sharedRange = 4...44
    /// Hosts where fault tests may stop, rekey or blackhole.
    static let faultRange = 45...50

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// SHA-256 in hex by the system's sha256sum: an oracle independent of the code under test,
    /// and fast on megabytes in a debug build.
    static func sha256sum(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "pb-digest-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw Lab.Unavailable(description: "cannot write \(path)")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Lab.runProcess("/usr/bin/sha256sum", [path])
        return String(result.stdout.prefix(64))
    }

    /// Collects everything written to the debug log, at every level.
    final class LogSink: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []

        var options: SSHOptions {
            SSHOptions(log: { [self] level, message in lock.withLock { lines.append("[\(level)] \(message)") } })
        }

        var text: String { lock.withLock { lines.joined(separator: "\n") } }
    }
}
