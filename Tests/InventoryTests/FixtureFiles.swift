import Diagnostics
import Foundation
import Testing
import Values

@testable import Inventory

/// Fixture files live next to the tests and are found from this source file's path, so the
/// tests run the same from any working directory.
enum FixtureFiles {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The repository's own example inventory folder.
    static let exampleInventory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("inventory")

    static func path(_ relative: String) -> String {
        directory.appendingPathComponent(relative).path
    }

    static func text(_ relative: String) -> String {
        (try? String(contentsOfFile: path(relative), encoding: .utf8)) ?? ""
    }

    /// The lines of a table fixture, without blank lines and `#` comments.
    static func tableLines(_ relative: String) -> [String] {
        text(relative).split(separator: "\n").map(String.init).filter {
            let trimmed = $0.trimmingCharacters(in: .whitespaces)
            return !trimmed.isEmpty && !trimmed.hasPrefix("#")
        }
    }

    static func json(_ relative: String) -> Value {
        (try? JSON.parse(text(relative))) ?? .null
    }

    /// Loads sources, turning a thrown list into a test failure message instead of a crash.
    static func load(_ sources: [String], extra: [String] = []) -> Result<Inventory, DiagnosticList> {
        do {
            return .success(try Inventory.load(sources: sources, extraVarsDirectories: extra))
        } catch {
            return .failure(error)
        }
    }
}

extension Result where Success == Inventory, Failure == DiagnosticList {
    /// The inventory, or `nil` after recording the diagnostics as an issue.
    var inventory: Inventory? {
        switch self {
        case .success(let inventory): return inventory
        case .failure(let list):
            Issue.record("inventory failed to load:\n\(list)")
            return nil
        }
    }
}

/// A scratch directory removed when the value goes away, for tests that need files of their own.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent(
            "inventory-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `text` at `relative` (creating folders) and returns the full path.
    @discardableResult
    func write(_ relative: String, _ text: String) -> String {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
        try? FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
