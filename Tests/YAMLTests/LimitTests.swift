import Diagnostics
import Foundation
import Testing
import Values
import YAML

/// Hostile input is refused quickly, with a `.limit` diagnostic at the place it goes too far,
/// and never by exhausting the stack or memory.
@Suite struct LimitTests {
    func firstDiagnostic(_ text: String, limits: YAMLLimits = .default) -> Diagnostic? {
        do {
            _ = try YAMLLoader.load(text, file: "hostile.yml", limits: limits)
            return nil
        } catch {
            return error.diagnostics.first
        }
    }

    func seconds(_ work: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        work()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// The column of the first node at depth 257: the 257th `[`; the key `a` inside the 256th `{`;
    /// the 257th `- `.
    static let deepDocuments: [(name: String, text: String, column: Int)] = [
        ("flow sequence", String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000), 257),
        ("flow mapping", String(repeating: "{a: ", count: 10_000) + "x" + String(repeating: "}", count: 10_000), 1022),
        ("block sequence", String(repeating: "- ", count: 10_000) + "x", 513),
    ]

    @Test(arguments: deepDocuments.indices)
    func tenThousandLevelsAreRefusedQuickly(_ index: Int) throws {
        let document = Self.deepDocuments[index]
        var diagnostic: Diagnostic?
        let elapsed = seconds { diagnostic = firstDiagnostic(document.text) }
        #expect(diagnostic?.kind == .limit, "\(document.name)")
        #expect(diagnostic?.mark == Mark(file: "hostile.yml", line: 1, column: document.column), "\(document.name)")
        #expect(diagnostic?.message.contains("deeper than 256 levels") == true)
        #expect(elapsed < 1, "\(document.name) took \(elapsed) s")
    }

    @Test func deepBlockMappingIsRefusedAtTheFirstLevelTooDeep() throws {
        let text = (0..<300).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n")
        let diagnostic = firstDiagnostic(text)
        #expect(diagnostic?.kind == .limit)
        // Line 256 holds the 256th mapping; its key `k255` is the first node at depth 257.
        #expect(diagnostic?.mark == Mark(file: "hostile.yml", line: 256, column: 256))
    }

    @Test func depthAtTheLimitIsAccepted() throws {
        let text = String(repeating: "[", count: 255) + "x" + String(repeating: "]", count: 255)
        let node = try YAMLLoader.load(text, file: "deep.yml")
        #expect(node != nil)
    }

    @Test func billionLaughsIsRefusedFastWithoutExpanding() throws {
        let path = Fixtures.path("malformed/alias-bomb.yml")
        var diagnostic: Diagnostic?
        let elapsed = seconds {
            do throws(DiagnosticList) { _ = try YAMLLoader.loadFile(path) } catch { diagnostic = error.diagnostics.first }
        }
        #expect(diagnostic?.kind == .limit)
        #expect(diagnostic?.message.contains("alias '*f'") == true)
        #expect(elapsed < 0.1, "took \(elapsed) s")
    }

    @Test func aliasesThatNestTooDeepAreRefused() throws {
        let deep = String(repeating: "[", count: 200) + "x" + String(repeating: "]", count: 200)
        let text = "a: &deep \(deep)\nb: " + String(repeating: "[", count: 100) + "*deep" + String(repeating: "]", count: 100)
        let diagnostic = firstDiagnostic(text)
        #expect(diagnostic?.kind == .limit)
        #expect(diagnostic?.message == "alias '*deep' expands to nesting deeper than 256 levels")
        #expect(diagnostic?.mark == Mark(file: "hostile.yml", line: 2, column: 104))
    }

    @Test func expansionIsCountedInNodesOfTheExpandedDocument() throws {
        // The anchor is a list of 3 (4 nodes); each alias adds 4 more.
        let limits = YAMLLimits(maxAliasExpansion: 100)
        func document(aliases: Int) -> String {
            "root:\n  a: &a [1, 2, 3]\n  b: [" + Array(repeating: "*a", count: aliases).joined(separator: ", ") + "]\n"
        }
        // root mapping, 2 keys, a (4 nodes), b (1 + 4 × aliases): 8 + 4 × 22 = 96 nodes.
        let fits = try YAMLLoader.load(document(aliases: 22), file: "ok.yml", limits: limits)
        #expect(fits?.toValue()["root"]?["b"]?.listValue?.count == 22)
        let diagnostic = firstDiagnostic(document(aliases: 24), limits: limits)
        #expect(diagnostic?.kind == .limit)
        #expect(diagnostic?.message.contains("more than 100 nodes") == true)
    }

    @Test func largeDocumentsWithoutAliasesAreBoundedToo() throws {
        let text = "[" + Array(repeating: "x", count: 2_000).joined(separator: ", ") + "]"
        let diagnostic = firstDiagnostic(text, limits: YAMLLimits(maxAliasExpansion: 1_000))
        #expect(diagnostic?.kind == .limit)
        #expect(diagnostic?.message == "the document has more than 1000 nodes")
    }

    @Test func inputOverTheByteLimitIsRefusedBeforeParsing() throws {
        let limits = YAMLLimits(maxBytes: 16)
        let diagnostic = firstDiagnostic("key: a value that is longer than sixteen bytes", limits: limits)
        #expect(diagnostic?.kind == .limit)
        #expect(diagnostic?.mark?.isSynthetic == true)
        let path = Fixtures.path("malformed/alias-bomb.yml")
        let error = #expect(throws: DiagnosticList.self) { try YAMLLoader.loadFile(path, limits: limits) }
        #expect(error?.diagnostics.first?.kind == .limit)
    }

    @Test func expandedAliasesUnderTheLimitAreFullyUsable() throws {
        let text = """
            a: &a [x, x, x, x, x, x, x, x, x]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
            c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]
            """
        let value = try #require(try YAMLLoader.load(text, file: "small-laughs.yml")).toValue()
        let leaves = value["c"]?.listValue?.flatMap { $0.listValue ?? [] }.flatMap { $0.listValue ?? [] }
        #expect(leaves?.count == 729)
    }
}
