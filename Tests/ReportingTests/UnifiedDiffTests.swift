import Foundation
import Testing
import Values

@testable import Reporting

/// The unified diff against GNU `diff -u` on the same inputs: a table of hand-picked cases
/// from a fixture, then seeded random edits of small texts.
@Suite struct UnifiedDiffTests {
    struct Case: CustomStringConvertible {
        var name: String
        var before: String
        var after: String
        var context: Int
        var description: String { name }
    }

    static func tableCases() throws -> [Case] {
        guard case .list(let items) = try ReportingFixtures.json("diff/cases.json") else { return [] }
        return items.compactMap { item in
            guard let name = item["name"]?.stringValue, let before = item["before"]?.stringValue,
                let after = item["after"]?.stringValue
            else { return nil }
            return Case(name: name, before: before, after: after, context: item["context"]?.intValue ?? 3)
        }
    }

    /// GNU diff's output minus its two header lines (they carry file names and timestamps).
    static func gnuDiff(_ c: Case) throws -> String {
        let directory = try ReportingFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let old = directory.appendingPathComponent("old")
        let new = directory.appendingPathComponent("new")
        try Data(c.before.utf8).write(to: old)
        try Data(c.after.utf8).write(to: new)
        let output = try ExternalTool.run(
            "/usr/bin/diff", ["-U\(c.context)", old.path, new.path])
        return output.stdout.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
            .dropFirst(2).joined(separator: "\n")
    }

    static func ours(_ c: Case) -> String {
        let full = UnifiedDiff.render(
            before: c.before, after: c.after, beforeHeader: "before", afterHeader: "after",
            context: c.context)
        if full.isEmpty { return "" }
        #expect(full.hasPrefix("--- before\n+++ after\n"))
        return String(full.dropFirst("--- before\n+++ after\n".count))
    }

    @Test func tableMatchesGNUDiff() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/diff"), "GNU diff is required")
        let cases = try Self.tableCases()
        #expect(cases.count >= 25)
        for c in cases {
            #expect(Self.ours(c) == (try Self.gnuDiff(c)), "case '\(c.name)'")
        }
    }

    @Test func identicalTextsGiveNoDiff() {
        #expect(
            UnifiedDiff.render(before: "a\nb\n", after: "a\nb\n", beforeHeader: "x", afterHeader: "y") == "")
        #expect(UnifiedDiff.render(before: "", after: "", beforeHeader: "x", afterHeader: "y") == "")
    }

    @Test func headersAreWrittenAsGiven() {
        let diff = UnifiedDiff.render(
            before: "a\n", after: "b\n", beforeHeader: "before: /etc/x", afterHeader: "after: /etc/x")
        #expect(diff == "--- before: /etc/x\n+++ after: /etc/x\n@@ -1 +1 @@\n-a\n+b\n")
    }

    /// Random small texts over a tiny alphabet (many equal lines, so many equally short scripts):
    /// the hardest place to agree with GNU diff's choice among them.
    @Test func randomEditsMatchGNUDiff() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/diff"), "GNU diff is required")
        var generator = SplitMix64(seed: 0x5EED)
        var mismatches: [String] = []
        for round in 0..<300 {
            let alphabet = ["a", "b", "c", "{", "}", ""]
            let count = Int(generator.next() % 14)
            var before = (0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            var after = before
            for _ in 0..<Int(generator.next() % 5) {
                let position = after.isEmpty ? 0 : Int(generator.next() % UInt64(after.count + 1))
                switch generator.next() % 3 {
                case 0: after.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: position)
                case 1: if position < after.count { after.remove(at: position) }
                default: if position < after.count { after[position] = "x\(round)" }
                }
            }
            if generator.next() % 4 == 0, !before.isEmpty { before[before.count - 1] += "" }
            let c = Case(
                name: "random \(round)", before: before.map { $0 + "\n" }.joined(),
                after: after.map { $0 + "\n" }.joined(), context: Int(generator.next() % 4))
            let (ours, gnu) = (Self.ours(c), try Self.gnuDiff(c))
            if ours != gnu {
                mismatches.append(
                    "\(c.name): \(c.before.debugDescription) -> \(c.after.debugDescription) -U\(c.context)\nours:\n\(ours)gnu:\n\(gnu)"
                )
            }
        }
        #expect(
            mismatches.isEmpty,
            "\(mismatches.count) of 300 differ:\n\(mismatches.prefix(5).joined(separator: "\n"))")
    }

    @Test func largeUnrelatedInputsFinishAndStayCorrect() {
        let before = (0..<20_000).map { "old line \($0)\n" }.joined()
        let after = (0..<20_000).map { "new line \($0)\n" }.joined()
        let diff = UnifiedDiff.render(before: before, after: after, beforeHeader: "a", afterHeader: "b")
        #expect(diff.hasPrefix("--- a\n+++ b\n@@ -1,20000 +1,20000 @@\n-old line 0\n"))
        #expect(diff.split(separator: "\n").count == 3 + 40_000)
    }
}

/// A small deterministic generator so random cases are the same on every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
