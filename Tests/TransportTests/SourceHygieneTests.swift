import Foundation
import Testing

/// The binary must not link Foundation: with it come libFoundation and ICU, ~7 MB of resident
/// memory before the first host is touched. FoundationEssentials (no ICU) is allowed.
@Suite struct SourceHygieneTests {
    /// Modules that bring in Foundation proper or ICU.
    static let forbiddenModules: Set<String> = [
        "Foundation", "FoundationNetworking", "FoundationXML", "FoundationInternationalization",
    ]

    static var sourcesDirectory: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
    }

    /// The module an `import` line names (attributes, access level and declaration kind
    /// skipped; `Foundation.NSData` counts as Foundation), or nil for any other line.
    static func importedModule(in line: Substring) -> String? {
        var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })[...]
        while let first = words.first, first.hasPrefix("@") || Self.modifiers.contains(String(first)) {
            words = words.dropFirst()
        }
        guard words.first == "import" else { return nil }
        words = words.dropFirst()
        if let kind = words.first, Self.declarationKinds.contains(String(kind)) { words = words.dropFirst() }
        guard let path = words.first else { return nil }
        return String(path.split(separator: ".").first ?? path)
    }

    static let modifiers: Set<String> = ["public", "internal", "package", "private", "fileprivate"]
    static let declarationKinds: Set<String> = [
        "struct", "class", "enum", "protocol", "typealias", "func", "var", "let",
    ]

    @Test func recognisesEveryFormOfImport() {
        let lines = [
            "import Foundation", "  @preconcurrency import Foundation", "internal import Foundation",
            "@_exported public import FoundationNetworking", "import struct Foundation.Date", "import Foundation.NSData",
        ]
        for line in lines {
            #expect(Self.importedModule(in: line[...]).map(Self.forbiddenModules.contains) == true, "\(line)")
        }
        #expect(Self.importedModule(in: "import FoundationEssentials") == "FoundationEssentials")
        #expect(Self.importedModule(in: "// import Foundation") == nil)
        #expect(Self.importedModule(in: "let important = 1") == nil)
    }

    @Test func noSourceFileImportsFoundation() throws {
        let root = Self.sourcesDirectory
        let enumerator = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
        var checked = 0
        var offenders: [String] = []
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            checked += 1
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if let module = Self.importedModule(in: line), Self.forbiddenModules.contains(module) {
                    let relative = url.path.replacingOccurrences(of: root.path + "/", with: "Sources/")
                    offenders.append("\(relative):\(index + 1): imports \(module)")
                }
            }
        }
        #expect(checked > 100, "found only \(checked) Swift files under \(root.path)")
        #expect(offenders.isEmpty, "use FoundationEssentials or the C library instead:\n\(offenders.joined(separator: "\n"))")
    }
}
