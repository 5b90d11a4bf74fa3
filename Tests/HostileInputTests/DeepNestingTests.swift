import Diagnostics
import Foundation
import Inventory
import PlaybookModel
import Testing
import Values
import YAML

/// Input nested 10,000 levels deep is refused by every parser with a limit error where it goes
/// too deep, on a thread with a host thread's 1 MiB stack: nothing walks it recursively first.
@Suite struct DeepNestingTests {
    static let levels = 10_000

    /// YAML documents 10,000 levels deep, in each way YAML can nest.
    static let documents: [(name: String, text: String)] = [
        ("flow sequences", String(repeating: "[", count: levels) + String(repeating: "]", count: levels)),
        ("flow mappings", String(repeating: "{a: ", count: levels) + "x" + String(repeating: "}", count: levels)),
        ("JSON-style objects", String(repeating: "{\"a\":", count: levels) + "1" + String(repeating: "}", count: levels)),
        ("block sequences", String(repeating: "- ", count: levels) + "x\n"),
        ("lists of mappings", String(repeating: "[{a: ", count: levels / 2) + "x" + String(repeating: "}]", count: levels / 2)),
    ]

    enum Loader: String, CaseIterable, Sendable { case yaml, playbook, inventory, varsFile }

    /// `text` as the value of `key`, on its own line so that block sequences are allowed.
    static func value(_ key: String, _ text: String, indent: Int) -> String {
        "\(key):\n" + String(repeating: " ", count: indent) + text + "\n"
    }

    static func diagnostics(loading text: String, with loader: Loader) throws -> [Diagnostic] {
        let directory = try HostileFiles.scratchDirectory()
        defer { HostileFiles.remove(directory) }
        do {
            switch loader {
            case .yaml:
                _ = try YAMLLoader.load(text, file: "deep.yml")
            case .playbook:
                // The deep value is a play's vars, where a playbook takes arbitrary data.
                let path = directory.appendingPathComponent("site.yml").path
                try ("- hosts: all\n  vars:\n    " + value("deep", text, indent: 6)).write(toFile: path, atomically: false, encoding: .utf8)
                _ = try PlaybookLoader.load(path: path)
            case .inventory:
                let path = directory.appendingPathComponent("hosts.yml").path
                try ("all:\n  vars:\n    " + value("deep", text, indent: 6)).write(toFile: path, atomically: false, encoding: .utf8)
                _ = try Inventory.load(sources: [path])
            case .varsFile:
                let inventory = directory.appendingPathComponent("hosts.ini").path
                try "[web]\nweb1\n".write(toFile: inventory, atomically: false, encoding: .utf8)
                let groupVars = directory.appendingPathComponent("group_vars")
                try FileManager.default.createDirectory(at: groupVars, withIntermediateDirectories: true)
                try value("deep", text, indent: 2).write(
                    to: groupVars.appendingPathComponent("web.yml"), atomically: false, encoding: .utf8)
                _ = try Inventory.load(sources: [inventory])
            }
            return []
        } catch let error as DiagnosticList {
            return error.diagnostics
        }
    }

    static let deepTally = HostileTally("YAML nested 10,000 levels deep (5 kinds × 4 loaders) refused on a 1 MiB stack", cases: documents.count * Loader.allCases.count)

    static let jsonTally = HostileTally("JSON nested 10,000 levels deep refused on a 1 MiB stack", cases: 1)

    @Test(arguments: documents.indices, Loader.allCases)
    func deepYAMLIsRefused(_ index: Int, _ loader: Loader) throws {
        try Self.deepTally.run { checks in
            let document = Self.documents[index]
            let (result, use) = ResourceMeter.measure {
                HostThreadStack.run { () -> [Diagnostic]? in
                    try? Self.diagnostics(loading: document.text, with: loader)
                }
            }
            guard let diagnostics = checks.require(result, "could not write the input files") else { return }
            print("\(Self.levels) levels of \(document.name) through the \(loader.rawValue) loader: \(use)")
            let first = diagnostics.first { $0.severity == .error }
            checks.expect(first?.kind == .limit, "\(document.name): \(diagnostics.prefix(3))")
            checks.expect(first?.message.contains("deeper than 256 levels") == true, "\(first?.message ?? "no error")")
            checks.expect(use.seconds < 2, "\(document.name) through \(loader.rawValue): \(use)")
        }
    }

    static let chainTally = HostileTally("10,000 chained inventory groups loaded or refused on a 1 MiB stack", cases: 1)

    @Test func deepJSONIsRefused() {
        Self.jsonTally.run { checks in
            let text = String(repeating: "[", count: Self.levels) + String(repeating: "]", count: Self.levels)
            let outcome = HostThreadStack.run { () -> String in
                do throws(JSONError) {
                    _ = try JSON.parse(text)
                    return "parsed"
                } catch {
                    return error.message
                }
            }
            checks.expect(outcome.contains("nesting deeper than 512 levels"), "\(outcome)")
        }
    }

    /// Group chains are a graph, not a tree of text: 10,000 `[gN:children]` sections in a row.
    @Test func tenThousandChainedGroupsAreRefusedOrLoadedWithoutRecursion() {
        Self.chainTally.run { checks in
            let text = (0..<Self.levels).map { "[g\($0):children]\ng\($0 + 1)\n" }.joined()
                + "[g\(Self.levels)]\nweb1\n"
            let outcome = HostThreadStack.run { () -> String in
                do throws(DiagnosticList) {
                    let inventory = try Inventory.parse(text, file: "chain.ini")
                    return "groups of web1: \(inventory.groupNames(of: "web1").count)"
                } catch {
                    return "error: \(error.diagnostics.first?.message ?? "")"
                }
            }
            print("10,000 chained groups: \(outcome)")
            checks.expect(!outcome.isEmpty)
        }
    }

    /// Blocks nested up to the model's bound (64 levels of blocks and imports) load on a host
    /// thread, and one level more is refused with a limit rather than walked.
    static let blockTally = HostileTally("blocks nested to the bound load, past it are refused, on a 1 MiB stack", cases: 2)

    @Test(arguments: [60, 120])
    func nestedBlocksLoadOrAreRefusedOnAHostThread(_ blocks: Int) throws {
        try Self.blockTally.run { checks in
            let directory = try HostileFiles.scratchDirectory()
            defer { HostileFiles.remove(directory) }
            // Each block level is two YAML levels (a list, then a mapping): 120 blocks reach depth 245.
            var text = "- hosts: all\n  tasks:\n"
            for level in 0..<blocks {
                text += String(repeating: "  ", count: 2 + 2 * level) + "- block:\n"
            }
            text += String(repeating: "  ", count: 2 + 2 * blocks) + "- debug: msg=deep\n"
            let path = directory.appendingPathComponent("site.yml").path
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            let outcome = HostThreadStack.run { () -> String in
                do throws(DiagnosticList) {
                    let playbook = try PlaybookLoader.load(path: path)
                    return "loaded \(playbook.plays.count) play"
                } catch {
                    return "error: \(error.diagnostics.first.map(String.init(describing:)) ?? "")"
                }
            }
            print("\(blocks) nested blocks: \(outcome)")
            if blocks <= 64 {
                checks.expect(outcome == "loaded 1 play", "\(outcome)")
            } else {
                checks.expect(outcome.contains("nest deeper than 64 levels"), "\(outcome)")
            }
        }
    }
}
