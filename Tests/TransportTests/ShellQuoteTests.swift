import Foundation
import Testing
@testable import Transport

@Suite struct ShellQuoteTests {
    static let hostile: [String] = {
        let text = (try? Fixture.text("hostile_strings.txt")) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            + ["multi\nline\nvalue", "", "x\u{7f}y"]
    }()

    @Test func quotesOnlyTheSingleQuote() {
        #expect(ShellQuote.quote("plain") == "'plain'")
        #expect(ShellQuote.quote("it's") == "'it'\\''s'")
        #expect(ShellQuote.quote("") == "''")
    }

    /// Every hostile string survives a real /bin/sh unchanged, and nothing in it runs.
    @Test func roundTripsThroughTheShell() throws {
        #expect(Self.hostile.count >= 18)
        let connection = LocalConnection()
        for value in Self.hostile {
            let output = try connection.run(RunRequest(program: "printf '%s' \(ShellQuote.quote(value))"))
            #expect(output.termination == .exited(0))
            #expect(output.stdoutText == value, "\(value)")
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned"))
    }

    /// Environment values travel as quoted `export` lines inside the program.
    @Test func environmentValuesArriveVerbatim() throws {
        let connection = LocalConnection()
        for value in Self.hostile {
            let output = try connection.run(
                RunRequest(program: "printf '%s' \"$PB_VALUE\"", environment: [("PB_VALUE", value)]))
            #expect(output.stdoutText == value, "\(value)")
        }
    }

    @Test func rejectsInvalidVariableNames() {
        let connection = LocalConnection()
        for name in ["", "1A", "A-B", "A B", "A;rm", "$X"] {
            #expect(throws: TransportError.self) {
                try connection.run(RunRequest(program: "true", environment: [(name, "v")]))
            }
        }
        #expect(ShellQuote.isValidVariableName("_A1"))
    }
}
