/// The framing of runs on a connection's long-lived `sh`: each run is a here-document fed to a
/// child shell, followed by an end marker carrying `$?` on stdout and an end marker on stderr.
///
/// Markers contain a random per-connection nonce and the run's sequence number, so a program
/// cannot print a marker by accident or on purpose, and output of one run is never taken for
/// the end of another.
struct ShellFrame: Sendable {
    let nonce: String
    let sequence: Int

    var hereDocDelimiter: String { "__PB_\(nonce)_\(sequence)_EOF" }
    var stdoutMarker: [UInt8] { Array("__PB_\(nonce)_\(sequence)_RC:".utf8) }
    var stderrMarker: [UInt8] { Array("__PB_\(nonce)_\(sequence)_ERR\n".utf8) }

    /// Where the long-lived shell holds a library a run is made of.
    enum LibraryReference: Sendable, Hashable {
        /// A variable holding the library's text, expanded into the run's program: the run's
        /// shell still parses the library.
        case variable(String)
        /// A function whose body is the library, defined once: a subshell of the long-lived shell
        /// inherits it already parsed, and the program calls it in the library's place. Only for
        /// `plainShell` runs (a new `sh` inherits no functions) of complete libraries
        /// (`ProgramScript.librariesCanBeFunctions`).
        case function(String)
    }

    /// What the long-lived shell reads for one run.
    ///
    /// With a `.variable` library, the here-document is unquoted so the shell expands that one
    /// variable into the child's stdin; everything else in it is escaped (`\`, `$`, `` ` ``), so it
    /// reaches the child byte for byte.
    ///
    /// `tailLibrary` likewise stands for `script.body` (a module's body).
    func parentInput(for script: ProgramScript, library: LibraryReference? = nil, tailLibrary: LibraryReference? = nil)
        -> [UInt8]
    {
        // Sized once: growing by doubling would hold up to twice the program per host at the
        // moment every host sends at once. A library held by the shell takes no room (a module's
        // body is most of the tail: reserving for it kept ~20 KB per host for ~1 KB written).
        let bodyHeld = tailLibrary != nil && script.tailLibrary != nil
        let inline =
            script.head.count + script.beforeBody.count + script.afterBody.count + (bodyHeld ? 0 : script.body.count)
        var text: [UInt8] = []
        text.reserveCapacity(
            script.command.utf8.count + inline + inline / 8 + 256 + (library == nil ? script.library.count : 0))
        if script.command == ProgramScript.plainShell {
            // One fork, no exec: see `appendPieces` for why.
            text += "( eval '".utf8
            Self.appendPieces(
                of: script, library: library, tailLibrary: tailLibrary, to: &text,
                escape: { Self.appendSingleQuoted($0, to: &$1) },
                reference: { reference in
                    switch reference {
                    case .variable(let name): return "'\"${\(name)}\"'"
                    // A command line of its own wherever the library stood. Should the
                    // library not have parsed, the program must not run without it.
                    case .function(let name):
                        return "\ncommand -v \(name) >/dev/null || { echo \(name): the library did not parse >&2; exit 127; }\n\(name)\n"
                    }
                })
            text += "' ) </dev/null\n".utf8
        } else if library != nil || bodyHeld {
            text += "\(script.command) <<\(hereDocDelimiter)\n".utf8
            Self.appendPieces(
                of: script, library: library, tailLibrary: tailLibrary, to: &text,
                escape: { Self.appendEscapedForHereDocument($0, to: &$1) },
                reference: { reference in
                    // A child sh inherits no functions: such a library travels inline.
                    guard case .variable(let name) = reference else { return nil }
                    return "${\(name)}"
                })
        } else {
            text += "\(script.command) <<'\(hereDocDelimiter)'\n".utf8
            text += script.head
            text += script.library
            text += script.beforeBody
            text += script.body
            text += script.afterBody
        }
        if text.last != UInt8(ascii: "\n") { text.append(UInt8(ascii: "\n")) }
        if script.command != ProgramScript.plainShell { text += "\(hereDocDelimiter)\n".utf8 }
        text += Array(
            """
            __pb_rc=$?; printf '%s\\n' '__PB_\(nonce)_\(sequence)_ERR' >&2; printf '%s%d\\n' '__PB_\(nonce)_\(sequence)_RC:' "$__pb_rc"

            """.utf8)
        return text
    }

    /// A program for the shell itself runs in a subshell of the long-lived shell: one fork and
    /// no exec, where a child `sh` reading a here-document costs a fork and exec, plus a second
    /// fork to write any here-document longer than a pipe holds. The whole program is one
    /// single-quoted word given to `eval`, so nothing in it is parsed by the long-lived shell
    /// (a syntax error ends only the subshell); library variables are spliced in double-quoted.
    /// The subshell's stdin is /dev/null from the start: it never reads the next program.
    ///
    /// Appends the program's head, library and tail, each library the shell holds written as
    /// `reference(library)` (inline when that is nil), and every other byte through `escape`.
    private static func appendPieces(
        of script: ProgramScript, library: LibraryReference?, tailLibrary: LibraryReference?, to text: inout [UInt8],
        escape: (ArraySlice<UInt8>, inout [UInt8]) -> Void, reference: (LibraryReference) -> String?
    ) {
        escape(script.head[...], &text)
        if let library, let written = reference(library) {
            text += written.utf8
        } else {
            escape(ArraySlice(script.library), &text)
        }
        escape(script.beforeBody[...], &text)
        if let tailLibrary, !script.body.isEmpty, let written = reference(tailLibrary) {
            text += written.utf8
        } else {
            escape(ArraySlice(script.body), &text)
        }
        escape(script.afterBody[...], &text)
    }

    /// Inside single quotes every byte stands for itself but `'`, written as `'\''`.
    static func appendSingleQuoted(_ bytes: some Sequence<UInt8>, to out: inout [UInt8]) {
        for byte in bytes {
            if byte == UInt8(ascii: "'") {
                out += Array("'\\''".utf8)
            } else {
                out.append(byte)
            }
        }
    }

    /// Inside an unquoted here-document only `\`, `$` and `` ` `` are special (a backslash
    /// quotes them, and a newline, which needs no escape here since every `\` is doubled).
    static func appendEscapedForHereDocument(_ bytes: some Sequence<UInt8>, to out: inout [UInt8]) {
        for byte in bytes {
            if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "$") || byte == UInt8(ascii: "`") {
                out.append(UInt8(ascii: "\\"))
            }
            out.append(byte)
        }
    }

    /// What goes around a library (already single-quoted) to make the long-lived shell hold it
    /// as `reference` says: `NAME='…'` for a variable; for a function, a definition given to
    /// `command eval`, so that a library that does not parse leaves the function undefined (its
    /// runs fail) instead of ending the shell. The library is written between the two from where
    /// it is kept (`LibraryCatalog`), not copied per host.
    static func definition(of reference: LibraryReference) -> (opening: [UInt8], closing: [UInt8]) {
        switch reference {
        case .variable(let name): return (Array("\(name)=".utf8), [UInt8(ascii: "\n")])
        case .function(let name): return (Array("command eval '\(name)() {\n'".utf8), Array("'\n}'\n".utf8))
        }
    }

    /// The first input of a new connection: prints markers (with the login user's uid) so
    /// that anything a noisy login script printed before them can be discarded. The line just
    /// before the marker is the shell's process id (see `TemporaryName`).
    ///
    /// The effective uid is the second field of the `Uid:` line of the shell's own status (the
    /// shell opens the file, so `self` is the shell): no `id` process on every connection.
    static func helloInput(nonce: String) -> [UInt8] {
        Array(
            """
            __pb_uid=; while read -r __pb_k __pb_r __pb_e __pb_x; do case $__pb_k in Uid:) __pb_uid=$__pb_e; break;; esac; \
            done </proc/self/status 2>/dev/null; case $__pb_uid in ''|*[!0-9]*) __pb_uid=$(id -u);; esac; \
            printf '\\n%s\\n%s\\n' "$$" "__PB_\(nonce)_HELLO:$__pb_uid"; printf '%s\\n' '__PB_\(nonce)_HELLO' >&2

            """.utf8)
    }

    /// The shell's process id from what the hello printed before its marker: the last line,
    /// after whatever login scripts printed (the hello starts it on a line of its own).
    static func helloProcessID(in stdout: [UInt8]) -> Int32? {
        var line = stdout[...]
        if line.last == UInt8(ascii: "\n") { line = line.dropLast() }
        if let newline = line.lastIndex(of: UInt8(ascii: "\n")) { line = line[(newline + 1)...] }
        guard let pid = Int32(String(decoding: line, as: UTF8.self)), pid > 0 else { return nil }
        return pid
    }

    static func helloStdoutMarker(nonce: String) -> [UInt8] { Array("__PB_\(nonce)_HELLO:".utf8) }
    static func helloStderrMarker(nonce: String) -> [UInt8] { Array("__PB_\(nonce)_HELLO\n".utf8) }

    static func makeNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<20).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }

    /// Where `marker` starts in `buffer`, searching from `start`.
    static func find(_ marker: [UInt8], in buffer: [UInt8], from start: Int) -> Int? {
        guard let first = marker.first, buffer.count - start >= marker.count else { return nil }
        return buffer.withUnsafeBufferPointer { haystack in
            let last = haystack.count - marker.count
            var index = start
            while index <= last {
                if haystack[index] == first {
                    var matched = 1
                    while matched < marker.count, haystack[index + matched] == marker[matched] { matched += 1 }
                    if matched == marker.count { return index }
                }
                index += 1
            }
            return nil
        }
    }

    /// The decimal number after `markerEnd` up to a newline; nil until the line is complete.
    static func statusLine(in buffer: [UInt8], after markerEnd: Int) -> Int32? {
        guard let newline = buffer[markerEnd...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let digits = String(decoding: buffer[markerEnd..<newline], as: UTF8.self)
        return Int32(digits) ?? -1
    }
}
