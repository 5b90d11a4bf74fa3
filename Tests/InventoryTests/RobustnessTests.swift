import Diagnostics
import Testing

@testable import Inventory

/// Hostile and random input must end in diagnostics, never in a crash or a hang.
@Suite struct RobustnessTests {
    /// A small deterministic generator, so a failure reproduces.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let alphabet = Array("[]:=,\"'\\#;!&~*?-_.09az \t\n{}()@$`|<>\u{FEFF}é")

    static func randomText(length: Int, using generator: inout SplitMix) -> String {
        String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }

    @Test func randomINITextNeverCrashes() {
        var generator = SplitMix(state: 1)
        for _ in 0..<2000 {
            let text = Self.randomText(length: 60, using: &generator)
            let lineCount = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count
            do {
                _ = try Inventory.parse(text, file: "random.ini", format: .ini)
            } catch {
                for diagnostic in error.diagnostics {
                    let line = diagnostic.mark?.line ?? 1
                    #expect(line >= 1 && line <= lineCount, "\(diagnostic) in \(text.debugDescription)")
                }
            }
        }
    }

    @Test func randomYAMLTextNeverCrashes() {
        var generator = SplitMix(state: 2)
        for _ in 0..<500 {
            let text = "all:\n  hosts:\n    " + Self.randomText(length: 40, using: &generator)
            _ = try? Inventory.parse(text, file: "random.yml", format: .yaml)
        }
    }

    @Test func randomPatternsNeverCrash() throws {
        let inventory = try Inventory.load(sources: [FixtureFiles.path("patterns/ranged.ini")])
        var generator = SplitMix(state: 3)
        for _ in 0..<3000 {
            let pattern = Self.randomText(length: Int(generator.next() % 16), using: &generator)
            if let selected = try? inventory.select(pattern) {
                #expect(Set(selected.map(\.name)).count == selected.count, "duplicates for \(pattern.debugDescription)")
            }
        }
    }

    @Test func enormousRangesAreRefusedNotExpanded() {
        do {
            _ = try Inventory.parse("[web]\nweb[0:99999999]\n", file: "huge.ini")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.map(\.kind) == [.syntax])
        }
        do {
            _ = try Inventory.parse("[web]\nweb[0:999][0:999]\n", file: "huge.ini")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.map(\.kind) == [.limit])
        }
    }

    @Test func longChildChainsAreBoundedWithoutRecursion() {
        var text = ""
        for level in 0..<5000 { text += "[g\(level):children]\ng\(level + 1)\n" }
        do {
            _ = try Inventory.parse(text, file: "chain.ini")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.map(\.kind) == [.limit])
        }
    }

    @Test func byteOrderMarkAndWindowsLineEndings() throws {
        let inventory = try Inventory.parse("\u{FEFF}[web]\r\nweb1 a=1\r\n[web:vars]\r\nb=2\r\n", file: "crlf.ini")
        #expect(inventory.hosts.map(\.name) == ["web1"])
        #expect(inventory.variables(for: "web1")["a"] == 1)
        #expect(inventory.variables(for: "web1")["b"] == 2)
    }
}
