import Diagnostics
import Foundation
import Inventory
import PlaybookModel
import Testing
import YAML

/// Alias bombs — a few hundred bytes that expand to hundreds of millions of nodes — are refused
/// by every loader that reads YAML, at the alias that goes too far, in under 100 ms and 50 MB,
/// without ever being expanded.
@Suite(.serialized) struct AliasBombTests {
    /// The bounds asked of a refusal. Measured figures sit far below (printed with each test),
    /// and other tests running at the same time can only add to them.
    static let millisecondsAllowed = 100.0
    static let megabytesAllowed = 50.0

    enum Loader: String, CaseIterable, Sendable {
        case yaml, playbook, inventory
    }

    static let bombs: [(fixture: String, loader: Loader)] = [
        ("alias-bomb.yml", .yaml),
        ("alias-bomb-playbook.yml", .playbook),
        ("alias-bomb-inventory.yml", .inventory),
        ("merge-bomb-inventory.yml", .inventory),
        ("merge-bomb-inventory.yml", .yaml),
    ]

    /// The diagnostics a loader reports for the file, or none when it loaded.
    static func diagnostics(loading path: String, with loader: Loader) -> [Diagnostic] {
        do {
            switch loader {
            case .yaml: _ = try YAMLLoader.loadFile(path)
            case .playbook: _ = try PlaybookLoader.load(path: path)
            case .inventory: _ = try Inventory.load(sources: [path])
            }
            return []
        } catch {
            return error.diagnostics
        }
    }

    static let bombTally = HostileTally("alias bombs through the YAML, playbook and inventory loaders refused in < 100 ms and < 50 MB", cases: bombs.count)

    static let wideTally = HostileTally("an anchor of 1,000 items used 2,000 times refused in < 500 ms and < 50 MB", cases: 1)

    @Test(arguments: bombs.indices)
    func isRefusedQuicklyWithoutExpanding(_ index: Int) {
        Self.bombTally.run { checks in
            let (fixture, loader) = Self.bombs[index]
            let path = HostileFiles.fixture(fixture).path
            // The first load pays for lazily initialised tables; the second is the one measured.
            _ = Self.diagnostics(loading: path, with: loader)
            let (diagnostics, use) = ResourceMeter.measure { Self.diagnostics(loading: path, with: loader) }
            print("alias bomb \(fixture) through the \(loader.rawValue) loader: refused in \(use)")
            let first = diagnostics.first { $0.severity == .error }
            checks.expect(first?.kind == .limit, "\(fixture): \(diagnostics)")
            checks.expect(first?.message.contains("alias") == true, "\(fixture): \(first?.message ?? "no error")")
            checks.expect(first?.mark?.file == path)
            checks.expect((first?.mark?.line ?? 0) > 1, "the error points at the alias that goes too far")
            checks.expect(use.milliseconds < Self.millisecondsAllowed, "\(fixture): \(use)")
            if let megabytes = use.peakGrowthMegabytes {
                checks.expect(megabytes < Self.megabytesAllowed, "\(fixture): \(use)")
            }
        }
    }

    /// Not deep but wide: one anchor of 1,000 items used 2,000 times is two million nodes.
    @Test func wideAliasUseIsRefusedToo() throws {
        try Self.wideTally.run { checks in
            let anchor = "a: &a [" + Array(repeating: "x", count: 1_000).joined(separator: ", ") + "]\n"
            let text = anchor + "b: [" + Array(repeating: "*a", count: 2_000).joined(separator: ", ") + "]\n"
            let (diagnostics, use) = ResourceMeter.measure { () -> [Diagnostic] in
                do throws(DiagnosticList) {
                    _ = try YAMLLoader.load(text, file: "wide.yml")
                    return []
                } catch {
                    return error.diagnostics
                }
            }
            print("wide alias use (2,000 × 1,000 items): refused in \(use)")
            checks.expect(diagnostics.first?.kind == .limit, "\(diagnostics)")
            checks.expect(diagnostics.first?.mark?.line == 2)
            checks.expect(use.milliseconds < Self.millisecondsAllowed * 5, "\(use)")
        }
    }
}
