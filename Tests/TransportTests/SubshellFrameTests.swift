import Testing
@testable import Transport

/// A program without sudo or timeout runs in a subshell of the long-lived shell. These runs feed
/// whole sequences of framed programs to a real `sh -s`, as a connection does, and check that each
/// program behaves as it would in a shell of its own.
@Suite struct SubshellFrameTests {
    /// The long-lived shell's input for `programs`, each framed with its own sequence number.
    private func input(_ programs: [String], library: String = "", body: String? = nil) -> [UInt8] {
        var input = ShellFrame.libraryDefinition(variable: "__pb_lib_1", library: Array(library.utf8))
        if let body { input += ShellFrame.libraryDefinition(variable: "__pb_lib_2", library: Array(body.utf8)) }
        for (index, program) in programs.enumerated() {
            let text = library + program + (body ?? "")
            let bodyStart = library.utf8.count + program.utf8.count
            let script = ProgramScript.render(
                program: text, libraryLength: library.utf8.count,
                secondLibrary: body.map { bodyStart..<(bodyStart + $0.utf8.count) },
                environment: [("PB_E", "it's $x")], timeoutSeconds: nil, become: nil)
            #expect(script.command == ProgramScript.plainShell)
            let frame = ShellFrame(nonce: "n0nce", sequence: index + 1)
            input += frame.parentInput(
                for: script, libraryVariable: library.isEmpty ? nil : "__pb_lib_1",
                tailLibraryVariable: body == nil ? nil : "__pb_lib_2")
        }
        return input
    }

    /// Stdout of the whole session, split at the run markers into (output, status) per run.
    private func runs(_ input: [UInt8], shell: String) throws -> [(output: String, status: Int32)] {
        let outcome = try LocalProcess.run(command: "exec \(shell) -s", stdin: input, deadline: .after(seconds: 30))
        var text = String(decoding: outcome.stdout, as: UTF8.self)[...]
        var result: [(String, Int32)] = []
        var sequence = 1
        while let marker = text.range(of: "__PB_n0nce_\(sequence)_RC:") {
            let output = String(text[..<marker.lowerBound])
            let rest = text[marker.upperBound...]
            let newline = rest.firstIndex(of: "\n") ?? rest.endIndex
            result.append((output, Int32(rest[..<newline]) ?? -1))
            text = rest[newline...].dropFirst()
            sequence += 1
        }
        return result
    }

    @Test(arguments: ["dash", "bash --posix"])
    func programsAreIsolatedFromEachOtherAndFromTheSessionStream(_ shell: String) throws {
        let programs = [
            "v=1; f() { :; }; cd /; umask 077; set -f; printf '%s|' \"$PB_E\" 'q'\\''uote' \"`echo b`\" '$(x)'; exit 3\n",
            "printf '%s|' \"${v-unset}\" \"$(command -v f || echo nofunc)\" \"$(umask)\" *; read -r line; echo \"read:${line-}\"\n",
            "if then fi (\n",
            "echo after\n",
        ]
        let results = try runs(input(programs), shell: shell)
        try #require(results.count == 4)
        #expect(results[0].output == "it's $x|q'uote|b|$(x)|")
        #expect(results[0].status == 3)
        // No variable, function, umask, directory or option of the first program is left.
        #expect(results[1].output.hasPrefix("unset|nofunc|0022|"))
        #expect(!results[1].output.contains("|*"), "globbing is still on, as in a fresh shell")
        // The program's stdin is /dev/null: the next program's text is never read by it.
        #expect(results[1].output.hasSuffix("read:\n"))
        // A syntax error ends only its own run; the session goes on.
        #expect(results[2].status == 2)
        #expect(results[3].output == "after\n" && results[3].status == 0)
    }

    @Test(arguments: ["dash", "bash --posix"])
    func librariesInVariablesReachTheProgramByteForByte(_ shell: String) throws {
        let library = "lib() { printf '%s' 'L'\\''$a `b` \\\\ \\n'; }\n"
        let body = "lib; printf '<%s>' \"$pb_x\"\n"
        let results = try runs(input(["pb_x='it'\\''s $y'\n"], library: library, body: body), shell: shell)
        try #require(results.count == 1)
        #expect(results[0].output == "L'$a `b` \\\\ \\n<it's $y>")
        #expect(results[0].status == 0)
    }
}
