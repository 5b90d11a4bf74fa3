/// Python's `textwrap.wrap` with its defaults, which Ansible uses to fold `[WARNING]` lines:
/// tabs expanded, all whitespace turned into spaces, greedy filling, whitespace dropped at line
/// edges, words longer than a line broken, and breaks allowed after hyphens inside words.
/// Lengths count Unicode scalars, as Python's `len` does.
enum TextWrap {
    static func wrap(_ text: String, width: Int) -> [String] {
        var chunks = Array(split(normalized(text)).reversed())
        var lines: [String] = []
        while !chunks.isEmpty {
            var line: [[Unicode.Scalar]] = []
            var length = 0
            if let next = chunks.last, isBlank(next), !lines.isEmpty { chunks.removeLast() }
            while let next = chunks.last, length + next.count <= width {
                line.append(next)
                length += next.count
                chunks.removeLast()
            }
            if let next = chunks.last, next.count > width {
                breakLongWord(&chunks, into: &line, length: length, width: width)
            }
            if let tail = line.last, isBlank(tail) { line.removeLast() }
            if !line.isEmpty {
                var out = String.UnicodeScalarView()
                for chunk in line { out.append(contentsOf: chunk) }
                lines.append(String(out))
            }
        }
        return lines
    }

    private static func normalized(_ text: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var column = 0
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\t":
                let spaces = 8 - column % 8
                out.append(contentsOf: repeatElement(" ", count: spaces))
                column += spaces
            case "\n", "\r":
                out.append(" ")
                column = 0  // expandtabs restarts its columns at line breaks
            case "\u{0B}", "\u{0C}":
                out.append(" ")
                column += 1
            default:
                out.append(scalar)
                column += 1
            }
        }
        return out
    }

    /// Runs of spaces, and words cut after any hyphen that joins two word characters.
    private static func split(_ scalars: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var chunks: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for (index, scalar) in scalars.enumerated() {
            let isSpace = scalar == " "
            if let last = current.last, (last == " ") != isSpace {
                chunks.append(current)
                current = []
            }
            current.append(scalar)
            if scalar == "-", index > 0, index + 1 < scalars.count,
                isWordScalar(scalars[index - 1]), isWordScalar(scalars[index + 1])
            {
                chunks.append(current)
                current = []
            }
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }

    private static func breakLongWord(
        _ chunks: inout [[Unicode.Scalar]], into line: inout [[Unicode.Scalar]], length: Int,
        width: Int
    ) {
        guard let chunk = chunks.popLast() else { return }
        let spaceLeft = width < 1 ? 1 : width - length
        var end = spaceLeft
        if chunk.count > spaceLeft,
            let hyphen = chunk[0..<spaceLeft].lastIndex(of: "-"), hyphen > 0,
            chunk[0..<hyphen].contains(where: { $0 != "-" })
        {
            end = hyphen + 1
        }
        line.append(Array(chunk[0..<end]))
        if end < chunk.count { chunks.append(Array(chunk[end...])) }
    }

    private static func isBlank(_ chunk: [Unicode.Scalar]) -> Bool {
        chunk.allSatisfy { $0 == " " }
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_"
    }
}
