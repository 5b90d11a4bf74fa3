import Testing
@testable import Transport

@Suite struct ProgramScriptTests {
    @Test func plainRunReadsTheProgramOnStdin() {
        let script = ProgramScript.render(program: "echo hi", environment: [("A", "x'y")], timeoutSeconds: nil, become: nil)
        #expect(script.command == "/bin/sh -s")
        #expect(String(decoding: script.stdin, as: UTF8.self) == "{ exec </dev/null\nexport A='x'\\''y'\necho hi\n}\n")
    }

    @Test func timeoutWrapsTheChildShell() {
        let script = ProgramScript.render(program: "sleep 9", environment: [], timeoutSeconds: 2.5, become: nil)
        #expect(script.command == "timeout -k 5 2.5 /bin/sh -s")
        #expect(ProgramScript.formatSeconds(5) == "5")
    }

    @Test func sudoPasswordIsOnStdinFollowedBySentinelsAndNeverOnTheCommandLine() {
        let secret = Secret("canary-Pa55'word")
        let script = ProgramScript.render(
            program: "id -u", environment: [], timeoutSeconds: 7,
            become: .sudoWithPassword(user: "root", password: secret, prompt: "[p] "))
        #expect(!script.command.contains("canary"))
        #expect(script.command == "sudo -k -S -p '[p] ' -u 'root' -- /bin/sh -c 'exec timeout -k 5 7 /bin/sh -s'")
        let stdin = String(decoding: script.stdin, as: UTF8.self)
        #expect(stdin.hasPrefix("canary-Pa55'word\n#\n#\n{ exec </dev/null\n"))
    }

    @Test func otherBecomeForms() {
        let nopasswd = ProgramScript.render(
            program: "true", environment: [], timeoutSeconds: nil, become: .sudoWithoutPassword(user: "o'brien"))
        #expect(nopasswd.command == "sudo -n -u 'o'\\''brien' -- /bin/sh -s")
        let su = ProgramScript.render(program: "true", environment: [], timeoutSeconds: 3, become: .suFromRoot(user: "deploy"))
        #expect(su.command == "su -s /bin/sh 'deploy' -c 'exec timeout -k 5 3 /bin/sh -s'")
    }

    @Test func frameEndsTheHereDocumentAndPrintsBothMarkers() {
        let frame = ShellFrame(nonce: "n0nce", sequence: 7)
        let script = ProgramScript(command: "timeout -k 5 3 /bin/sh -s", stdin: Array("echo hi\n".utf8))
        let text = String(decoding: frame.parentInput(for: script), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "timeout -k 5 3 /bin/sh -s <<'__PB_n0nce_7_EOF'")
        #expect(lines[1] == "echo hi")
        #expect(lines[2] == "__PB_n0nce_7_EOF")
        #expect(lines[3].contains("'__PB_n0nce_7_ERR' >&2"))
        #expect(lines[3].contains("'__PB_n0nce_7_RC:' \"$__pb_rc\""))
    }

    @Test func collectorFindsMarkersSplitAcrossReads() {
        var collector = StreamCollector(marker: Array("__PB_x_1_RC:".utf8), needsStatus: true)
        for chunk in ["payload\nwithout newline", "__PB_x_", "1_RC", ":4", "2\ntrailing noise"] {
            collector.append(Array(chunk.utf8)[...])
        }
        #expect(collector.isComplete)
        #expect(collector.status == 42)
        #expect(String(decoding: collector.payload, as: UTF8.self) == "payload\nwithout newline")
    }

    /// A deferred hello and the first program share one write: what follows the hello's
    /// markers is the program's output and must reach the next exchange, not be dropped.
    @Test func collectorKeepsWhatFollowsItsMarker() {
        var out = StreamCollector(marker: Array("__PB_x_HELLO:".utf8), needsStatus: true)
        var err = StreamCollector(marker: Array("__PB_x_HELLO\n".utf8), needsStatus: false)
        out.append(Array("motd\n__PB_x_HELLO:0\nfirst".utf8)[...])
        out.append(Array(" program".utf8)[...])
        err.append(Array("__PB_x_HELLO\nwarn".utf8)[...])
        #expect(out.status == 0 && err.isComplete)
        #expect(String(decoding: out.remainder, as: UTF8.self) == "first program")
        #expect(String(decoding: err.remainder, as: UTF8.self) == "warn")
        var next = StreamCollector(marker: Array("__PB_x_1_RC:".utf8), needsStatus: true)
        next.append(out.remainder)
        next.append(Array("\n__PB_x_1_RC:7\n".utf8)[...])
        #expect(next.status == 7)
        #expect(String(decoding: next.payload, as: UTF8.self) == "first program\n")
    }

    @Test func noncesAreRandom() {
        let nonces = Set((0..<100).map { _ in ShellFrame.makeNonce() })
        #expect(nonces.count == 100)
    }

    /// The parent shell expands the library variable and nothing else: the child reads the very
    /// bytes it would read without a library, whatever the head and tail contain.
    @Test(arguments: ["dash", "bash --posix"])
    func libraryExpandsIntoTheSameBytes(_ shell: String) throws {
        let library = Array("f() { printf '%s' '$x `y` \\\\ \\$'; }\n".utf8)
        let tail = Array("echo \"$HOME\" `id -u` \\\n$((1+2)) \\\\ end\\".utf8)
        let script = ProgramScript.render(
            program: String(decoding: library + tail, as: UTF8.self), libraryLength: library.count,
            environment: [("E", "v$a`b\\c")], timeoutSeconds: nil,
            become: .sudoWithPassword(user: "root", password: Secret("p$w`d\\"), prompt: "[p] "))
        #expect(Array(script.library) == library)
        var frameScript = script
        frameScript.command = "cat"
        let frame = ShellFrame(nonce: "n0nce", sequence: 1)
        let input = ShellFrame.defining(.variable("__pb_lib_1"), library)
            + frame.parentInput(for: frameScript, library: .variable("__pb_lib_1"))
        #expect(String(decoding: input, as: UTF8.self).contains("cat <<__PB_n0nce_1_EOF\n"))
        let outcome = try LocalProcess.run(command: "exec \(shell) -s", stdin: input, deadline: .after(seconds: 30))
        let expected = script.stdin + Array("__PB_n0nce_1_RC:0\n".utf8)
        #expect(String(decoding: outcome.stdout, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }

    /// A second library inside the tail (a module's body) is expanded the same way: the child
    /// reads the very bytes of the program, whether both, one or neither are held in variables.
    @Test(arguments: ["dash", "bash --posix"])
    func secondLibraryExpandsIntoTheSameBytes(_ shell: String) throws {
        let library = Array("f() { printf '%s' '$x'; }\n".utf8)
        let settings = Array("pb_a='$1 `b` \\\\'\n".utf8)
        let body = Array("g() { printf '%s|%s' \"$pb_a\" '`$y` \\\\ \\$'; }\ng\n".utf8)
        let ending = Array("} </dev/null\n".utf8)
        let program = library + settings + body + ending
        let start = library.count + settings.count
        let script = ProgramScript.render(
            program: String(decoding: program, as: UTF8.self), libraryLength: library.count,
            secondLibrary: start..<(start + body.count), environment: [("E", "v$a`b\\c")], timeoutSeconds: nil,
            become: nil)
        let range = try #require(script.tailLibrary)
        #expect(Array(script.tail[range]) == body)
        var frameScript = script
        frameScript.command = "cat"
        for (first, second) in [("__pb_lib_1", "__pb_lib_2"), (nil, "__pb_lib_2"), ("__pb_lib_1", nil)] as [(String?, String?)] {
            let frame = ShellFrame(nonce: "n0nce", sequence: 1)
            var input: [UInt8] = []
            if let first { input += ShellFrame.defining(.variable(first), library) }
            if let second { input += ShellFrame.defining(.variable(second), body) }
            input += frame.parentInput(
                for: frameScript, library: first.map { .variable($0) }, tailLibrary: second.map { .variable($0) })
            let outcome = try LocalProcess.run(command: "exec \(shell) -s", stdin: input, deadline: .after(seconds: 30))
            let expected = script.stdin + Array("__PB_n0nce_1_RC:0\n".utf8)
            #expect(String(decoding: outcome.stdout, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        }
    }

    /// A child `sh` inherits no functions: a library the shell holds as one reaches it inline,
    /// the very bytes of the program.
    @Test func librariesHeldAsFunctionsReachAChildShellInline() throws {
        let library = Array("f() { printf '%s' '$x `y`'; }\n".utf8)
        let body = Array("f\n".utf8)
        let program = library + body
        var script = ProgramScript.render(
            program: String(decoding: program, as: UTF8.self), libraryLength: library.count,
            secondLibrary: library.count..<program.count, librariesCanBeFunctions: true, environment: [],
            timeoutSeconds: nil, become: nil)
        script.command = "cat"
        let input = ShellFrame(nonce: "n0nce", sequence: 1).parentInput(
            for: script, library: .function("__pb_fn_1"), tailLibrary: .function("__pb_fn_2"))
        let outcome = try LocalProcess.run(command: "exec dash -s", stdin: input, deadline: .after(seconds: 30))
        let expected = script.stdin + Array("__PB_n0nce_1_RC:0\n".utf8)
        #expect(String(decoding: outcome.stdout, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }

    /// A second library that is not inside the tail is ignored, not misplaced.
    @Test func secondLibraryOutsideTheTailIsIgnored() {
        let script = ProgramScript.render(
            program: "abcdef\n", libraryLength: 4, secondLibrary: 2..<5, environment: [], timeoutSeconds: nil, become: nil)
        #expect(script.tailLibrary == nil)
        let inside = ProgramScript.render(
            program: "abcdef\n", libraryLength: 2, secondLibrary: 3..<5, environment: [], timeoutSeconds: nil, become: nil)
        #expect(inside.tailLibrary.map { Array(inside.tail[$0]) } == Array("de".utf8))
    }
}

extension ShellFrame {
    /// The long-lived shell's input that makes it hold `library` as `reference` says, as a
    /// connection writes it (the library single-quoted between the definition's two parts).
    static func defining(_ reference: LibraryReference, _ library: some Collection<UInt8>) -> [UInt8] {
        let around = definition(of: reference)
        return around.opening + ShellQuote.quote(bytes: Array(library)) + around.closing
    }
}
