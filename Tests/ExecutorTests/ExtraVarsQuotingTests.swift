import Diagnostics
import Testing
import Values

@testable import Executor

/// `-e key=value` words are split as shlex splits them (the splitter the `command` module uses):
/// inside double quotes a backslash escapes only `"` and itself, and a quote that never closes
/// is an error rather than a value taken as it stands.
struct ExtraVarsQuotingTests {
    @Test func doubleQuotesKeepABackslashThatEscapesNothing() throws {
        let vars = try ExtraVars.parse([#"path="C:\temp" say="a \"b\"" both='x\y'"#])
        #expect(vars["path"] == #"C:\temp"#)
        #expect(vars["say"] == #"a "b""#)
        #expect(vars["both"] == #"x\y"#, "single quotes keep everything")
    }

    @Test func anUnclosedQuoteIsAnError() {
        #expect(throws: DiagnosticList.self) { try ExtraVars.parse(["msg='never closed"]) }
        do {
            _ = try ExtraVars.parse(["msg=\"never closed"])
            Issue.record("an unclosed double quote was accepted")
        } catch {
            #expect(error.diagnostics.first?.message.contains("unclosed") == true, "\(error.diagnostics)")
        }
    }
}
