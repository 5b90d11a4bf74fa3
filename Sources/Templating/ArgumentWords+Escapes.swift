extension ArgumentWords {
    private static let simpleEscapes: [Unicode.Scalar: Unicode.Scalar] = [
        "\\": "\\", "'": "'", "\"": "\"", "a": "\u{07}", "b": "\u{08}", "f": "\u{0C}", "n": "\n", "r": "\r",
        "t": "\t", "v": "\u{0B}",
    ]

    /// Python's escapes in a word, decoded as Ansible decodes them before it splits a name from
    /// its value (`msg="a\nb"`): `\t`, `\n`, `\\`, `\'`, `\"`, `\a` …, octal `\0`–`\777`, and
    /// `\xHH`, `\uHHHH`, `\UHHHHHHHH` with all their hex digits. Anything else after a
    /// backslash stays as written.
    public static func decodingEscapes(_ word: String) -> String {
        guard word.contains("\\") else { return word }
        let scalars = Array(word.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "\\", index + 1 < scalars.count else {
                out.append(scalar)
                index += 1
                continue
            }
            let next = scalars[index + 1]
            if let replacement = simpleEscapes[next] {
                out.append(replacement)
                index += 2
                continue
            }
            let width = next == "x" ? 2 : next == "u" ? 4 : next == "U" ? 8 : 0
            let digits = scalars.dropFirst(index + 2).prefix(width)
            if width > 0, digits.count == width, digits.allSatisfy(\.properties.isASCIIHexDigit),
                let code = UInt32(String(String.UnicodeScalarView(digits)), radix: 16),
                let decoded = Unicode.Scalar(code)
            {
                out.append(decoded)
                index += 2 + width
                continue
            }
            let octal = scalars.dropFirst(index + 1).prefix(3).prefix { ("0"..."7").contains($0) }
            if !octal.isEmpty, let code = UInt32(String(String.UnicodeScalarView(octal)), radix: 8),
                let decoded = Unicode.Scalar(code)
            {
                out.append(decoded)
                index += 1 + octal.count
                continue
            }
            out.append(scalar)
            index += 1
        }
        return String(out)
    }
}
