import Foundation

/// Test data under `Tests/TransportTests/Fixtures`, found from this file's path.
enum Fixture {
    static let directory: String = {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()
        return url.appendingPathComponent("Fixtures").path
    }()

    static func path(_ name: String) -> String { directory + "/" + name }

    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }

    /// Non-comment, non-blank lines of an expectations file, split at " => ".
    static func expectations(_ name: String) throws -> [(query: [String], answer: String, line: Int)] {
        var result: [(query: [String], answer: String, line: Int)] = []
        for (index, line) in try text(name).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let parts = trimmed.components(separatedBy: " =>")
            let query = parts[0].split(separator: " ").map(String.init)
            let answer = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
            result.append((query, answer, index + 1))
        }
        return result
    }
}
