import Testing
@testable import Transport

/// A program without sudo or timeout runs in a subshell of the long-lived shell. These runs feed
/// whole sequences of framed programs to a real `sh -s`, as a connection does, and check that each
/// program behaves as it would in a shell of its own.
@Suite struct SubshellFrameTests {
    /// The long-lived shell's input for `programs`, each framed with its own sequence number.
    /// With `asFunctions`, the shell holds the libraries as functions instead of variables.
    private func input(_ programs: [String], library: String = "", body: String? = nil, asFunctions: Bool = false)
        -> [UInt8]
    {
        func reference(_ name: String) -> ShellFrame.LibraryReference {
            asFunctions ? .function(name) : .variable(name)
        }
        var input = ShellFrame.defining(reference("__pb_lib_1"), Array(library.utf8))
        if let body { input += ShellFrame.defining(reference("__pb_lib_2"), Array(body.utf8)) }
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
                for: script, library: library.isEmpty ? nil : reference("__pb_lib_1"),
                tailLibrary: body == nil ? nil : reference("__pb_lib_2"))
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

    /// Held as functions, the same libraries give the same output: the library's top-level code
    /// runs where it stood, its functions and variables are the program's, and a program's
    /// changes to them do not reach the next program.
    @Test(arguments: ["dash", "bash --posix"])
    func librariesInFunctionsRunAsIfInline(_ shell: String) throws {
        let library = """
            lib() { printf '%s' 'L'\\''$a `b` \\\\ \\n'; }
            pb_state=${pb_state-fresh}
            cat <<'END'
            doc $x
            END

            """
        let body = "lib; printf '<%s|%s|%s|%s>' \"$pb_x\" \"$pb_state\" \"$#\" \"${1-none}\"; pb_state=changed\n"
        let programs = ["pb_x='it'\\''s $y'\n", "pb_x=2; lib() { echo redefined; }\n", "pb_x=3\n"]
        let results = try runs(input(programs, library: library, body: body, asFunctions: true), shell: shell)
        try #require(results.count == 3)
        #expect(results[0].output == "doc $x\nL'$a `b` \\\\ \\n<it's $y|fresh|0|none>")
        // The program's own lines come after the library and before the body, as inline.
        #expect(results[1].output == "doc $x\nredefined\n<2|fresh|0|none>")
        #expect(results[2].output == "doc $x\nL'$a `b` \\\\ \\n<3|fresh|0|none>")
        #expect(results.allSatisfy { $0.status == 0 })
    }

    /// A library that does not parse leaves its function undefined; the long-lived shell and the
    /// next programs go on.
    @Test(arguments: ["dash", "bash --posix"])
    func aLibraryThatDoesNotParseEndsNoSession(_ shell: String) throws {
        var input = input(["echo one\n"], library: "if then (\n", asFunctions: true)
        let frame = ShellFrame(nonce: "n0nce", sequence: 2)
        input += frame.parentInput(for: ProgramScript.render(
            program: "echo two\n", environment: [], timeoutSeconds: nil, become: nil))
        let results = try runs(input, shell: shell)
        try #require(results.count == 2)
        // The program does not run without its library.
        #expect(results[0].status == 127 && results[0].output == "")
        #expect(results[1].output == "two\n" && results[1].status == 0)
    }
}
