import Foundation
import Reporting

/// Fixture files live next to the tests and are found from this source file's path, so the
/// tests run the same from any working directory.
enum FixtureFiles {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    /// The repository root (for `playbooks/` and `inventory/`).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static func path(_ relative: String) -> String {
        directory + "/" + relative
    }

    static func text(_ relative: String) -> String {
        (try? String(contentsOfFile: path(relative), encoding: .utf8)) ?? ""
    }

    /// The rows of a table fixture: non-blank lines that are not `#` comments, split on `|`
    /// with the cells trimmed.
    static func table(_ relative: String) -> [[String]] {
        text(relative).split(separator: "\n").map(String.init)
            .filter {
                let trimmed = $0.trimmingCharacters(in: .whitespaces)
                return !trimmed.isEmpty && !trimmed.hasPrefix("#")
            }
            .map { $0.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } }
    }

    /// A fresh directory under the system's temporary directory, for files a test writes.
    static func temporaryDirectory(_ prefix: String) throws -> String {
        let path = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// A reporter that keeps every event, for unit tests that build run state directly.
final class RecordingReporter: Reporter, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [RunEvent] = []

    func report(_ event: RunEvent) {
        lock.withLock { recorded.append(event) }
    }

    var events: [RunEvent] { lock.withLock { recorded } }
}
