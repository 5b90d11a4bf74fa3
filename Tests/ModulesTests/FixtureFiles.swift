import Foundation
import Values

/// Test data lives in `Fixtures/` next to this file.
enum FixtureFiles {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }
}

/// A module's arguments written as a dictionary literal, in order.
func args(_ pairs: KeyValuePairs<String, Value>) -> ValueDict {
    var dict = ValueDict()
    for (key, value) in pairs { dict[key] = value }
    return dict
}
