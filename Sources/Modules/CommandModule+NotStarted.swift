import Values

extension CommandModule {
    /// The result of a program that could not be started (not found, not executable), as
    /// Ansible's command fails with Python's exec error: the errno as rc, its message naming
    /// the program as bytes, the command line as one shell-quoted text, empty streams and no
    /// times, and nothing changed.
    static func notStarted(_ argv: [String], errno: Int, context: ModuleContext) -> ModuleResult {
        let reason = errno == 13 ? "Permission denied" : "No such file or directory"
        var values = ValueDict()
        values["cmd"] = .string(argv.map(pythonShellQuote).joined(separator: " "))
        values["rc"] = .int(errno)
        for stream in ["stdout", "stderr"] {
            values[stream] = .string("")
            values["\(stream)_lines"] = .list([])
        }
        let message = "[Errno \(errno)] \(reason): \(pythonBytesRepr(argv.first ?? ""))"
        let result = ModuleResult(changed: false, failed: true, message: message, values: values)
        return SecretMask.apply(context.secrets, to: result)
    }

    /// Python's `shlex.quote`: words of safe characters as they are, others in single quotes.
    static func pythonShellQuote(_ word: String) -> String {
        if word.isEmpty { return "''" }
        let safe = word.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || "@%+=:,./-_".unicodeScalars.contains(scalar)
        }
        if safe { return word }
        return "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\"'\"'") + "'"
    }

    /// Python's `repr()` of the word's UTF-8 bytes: `b'…'`, or `b"…"` when only a single quote
    /// appears, with Python's escapes for the rest.
    static func pythonBytesRepr(_ word: String) -> String {
        let bytes = Array(word.utf8)
        let quote: UInt8 =
            bytes.contains(UInt8(ascii: "'")) && !bytes.contains(UInt8(ascii: "\"")) ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        var out = "b" + String(UnicodeScalar(quote))
        for byte in bytes {
            switch byte {
            case quote, UInt8(ascii: "\\"): out += "\\" + String(UnicodeScalar(byte))
            case UInt8(ascii: "\t"): out += "\\t"
            case UInt8(ascii: "\n"): out += "\\n"
            case UInt8(ascii: "\r"): out += "\\r"
            case 32..<127: out += String(UnicodeScalar(byte))
            default:
                let hex = String(byte, radix: 16)
                out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out + String(UnicodeScalar(quote))
    }
}
