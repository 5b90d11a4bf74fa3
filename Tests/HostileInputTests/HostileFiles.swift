import Foundation

/// Where this target's fixtures, the fuzzers' kept regression inputs, and scratch files live.
/// Paths come from this source file's location, so the tests run the same from any directory.
enum HostileFiles {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = testsDirectory.appendingPathComponent("Fixtures")
    static let repository = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    static let regressions = repository.appendingPathComponent("fuzz/regressions")

    static func fixture(_ name: String) -> URL {
        fixtures.appendingPathComponent(name)
    }

    static func fixtureText(_ name: String) throws -> String {
        try String(contentsOf: fixture(name), encoding: .utf8)
    }

    /// Every kept input of one harness (`fuzz/regressions/<harness>/`), sorted by name.
    static func regressionInputs(_ harness: String) -> [URL] {
        let folder = regressions.appendingPathComponent(harness)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// A fresh directory under the system's temporary directory, removed by `remove`.
    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("playbook-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func remove(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }
}
