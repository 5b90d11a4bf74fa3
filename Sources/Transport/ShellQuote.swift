/// The one way user text reaches a shell command line: as a single-quoted word.
///
/// Inside single quotes a POSIX shell expands nothing, so the only character that needs care is
/// the quote itself, which closes the word, adds an escaped quote and reopens it (`'` → `'\''`).
public enum ShellQuote {
    public static func quote(_ text: String) -> String {
        // Most words hold no quote: one copy instead of a walk through their characters.
        if !text.utf8.contains(UInt8(ascii: "'")) { return "'" + text + "'" }
        var out = "'"
        for character in text {
            if character == "'" {
                out += "'\\''"
            } else {
                out.append(character)
            }
        }
        out += "'"
        return out
    }

    /// The same quoting on bytes, for text that need not be valid UTF-8.
    public static func quote(bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "'")]
        out.reserveCapacity(bytes.count + 16)
        for byte in bytes {
            if byte == UInt8(ascii: "'") {
                out += Array("'\\''".utf8)
            } else {
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "'"))
        return out
    }

    /// Whether `name` may appear as a shell variable name (`export NAME=…`).
    public static func isValidVariableName(_ name: String) -> Bool {
        guard let first = name.utf8.first else { return false }
        func isLetter(_ c: UInt8) -> Bool {
            (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
                || c == UInt8(ascii: "_")
        }
        func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
        return isLetter(first) && name.utf8.allSatisfy { isLetter($0) || isDigit($0) }
    }
}
