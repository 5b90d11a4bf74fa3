import Foundation
import ProgramText
import Testing
import Transport

/// The scanner on the inputs that could fool it, as data: each `Fixtures/slimming/NAME.sh` is
/// slimmed to exactly `NAME.slim`, which both shells read as the same program.
struct ShellLineScannerTests {
    static let folder = FixtureFiles.directory.appendingPathComponent("slimming")

    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".sh") }.map { String($0.dropLast(3)) }.sorted()
    }()

    static func read(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    /// bash's own listing of `text` wrapped in a function: the commands as bash parsed them,
    /// comments and layout gone, strings and here-document bodies as written.
    static func reprint(_ text: String) throws -> CommandOutput {
        let script = "pb_wrapped_program() {\n\(text)\n}\ndeclare -f pb_wrapped_program\n"
        return try LocalShellConnection.execute(["bash", "--norc", "--noprofile", "-s"], stdin: Array(script.utf8))
    }

    @Test func theCasesLoaded() {
        #expect(Self.cases.count >= 8)
    }

    @Test(arguments: cases)
    func slimsToTheExpectedText(_ name: String) throws {
        let source = try Self.read(name + ".sh")
        let expected = try Self.read(name + ".slim")
        let slim = ProgramSlimmer.slim(source)
        #expect(slim == expected)

        let syntax = try LocalShellConnection.execute(["dash", "-n"], stdin: Array(slim.utf8))
        #expect(syntax.succeeded, "dash -n: \(syntax.stderrText)")
        let before = try Self.reprint(source)
        // A body that runs to the end of the text swallows the wrapper; nothing to compare then.
        if before.succeeded && before.stderrText.isEmpty {
            let after = try Self.reprint(slim)
            #expect(after.stdoutText == before.stdoutText)
            #expect(after.stderrText.isEmpty)
        }
    }

    @Test func slimmingTwiceChangesNothingMore() throws {
        for name in Self.cases {
            let slim = ProgramSlimmer.slim(try Self.read(name + ".sh"))
            #expect(ProgramSlimmer.slim(slim) == slim, "\(name)")
        }
    }

    @Test func linesAreClassifiedByWhereTheyStart() {
        let text = """
            #!/bin/sh
              # a comment
            \t
            x='a
              b'  # after the quote closes
            y=1 \\
              z=2
            cat <<-EOF
            \tbody
            \tEOF
            done
            """
        #expect(ShellLineScanner.classify(text) == [
            .comment, .comment, .blank, .code, .protected, .code, .protected, .code, .protected, .protected,
            .code,
        ])
    }

    @Test func aHashInsideAWordIsNoComment() {
        // Were `#'` taken for a comment, the quote would not open and line 2 would be code.
        #expect(ShellLineScanner.classify("a=b#'\n  c'\nd") == [.code, .protected, .code])
        #expect(ShellLineScanner.classify("a=$(b)#'\n  c'\nd") == [.code, .protected, .code])
        #expect(ShellLineScanner.classify("a=${b#c}'\n  c'\nd") == [.code, .protected, .code])
        #expect(ShellLineScanner.classify("a=$# '\n  c'\nd") == [.code, .protected, .code])
        #expect(ShellLineScanner.classify("a=1 #'\n  c\nd") == [.code, .code, .code])
        #expect(ShellLineScanner.classify("a=1;#'\n  c\nd") == [.code, .code, .code])
    }

    @Test func aShiftIsNoHereDocument() {
        #expect(ShellLineScanner.classify("n=$((1 << 2))\n  x") == [.code, .code])
        #expect(ShellLineScanner.classify("n=$(cat <<E\n  x\nE\n)\n  y") == [.code, .protected, .protected, .protected, .code])
    }

    @Test func theFirstLineKeepsItsInterpreterAndLintDirectivesStay() {
        let text = "#!/bin/sh\n# a comment\n    # shellcheck disable=SC2086\n    echo $x\n"
        #expect(ProgramSlimmer.slim(text) == "#!/bin/sh\n# shellcheck disable=SC2086\necho $x\n")
        #expect(ProgramSlimmer.slim("# a\n#!/bin/sh\necho") == "echo")
    }
}
