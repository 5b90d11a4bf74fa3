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

    /// The chunks Python's `wordsep_re` finds: runs of spaces; words; a word cut after a hyphen
    /// that follows two letters (or `a-b-`) and comes before two letters (`well-known`, but
    /// not `x-y` or `1-2`); and em-dashes (`--`) between words on their own.
    private static func split(_ s: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var chunks: [[Unicode.Scalar]] = []
        var i = 0
        while i < s.count {
            if s[i] == " " {
                var j = i
                while j < s.count && s[j] == " " { j += 1 }
                chunks.append(Array(s[i..<j]))
                i = j
                continue
            }
            if let end = emDash(s, at: i) {
                chunks.append(Array(s[i..<end]))
                i = end
                continue
            }
            var end = i + 1
            while true {
                if end < s.count && s[end] == "-" && breaksAfterHyphen(s, at: end) {
                    end += 1
                    break
                }
                if end == s.count || s[end] == " " { break }
                if isWordPunctuation(s[end - 1]) && emDashFollows(s, at: end) { break }
                end += 1
            }
            chunks.append(Array(s[i..<end]))
            i = end
        }
        return chunks
    }

    /// `(?<=[\w!"'&.,?]) -{2,} (?=\w)`: the end of an em-dash starting at `i`.
    private static func emDash(_ s: [Unicode.Scalar], at i: Int) -> Int? {
        guard i > 0, isWordPunctuation(s[i - 1]), emDashFollows(s, at: i) else { return nil }
        var j = i
        while s[j] == "-" { j += 1 }
        return j
    }

    /// `(?=-{2,}\w)` at `i`.
    private static func emDashFollows(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        var j = i
        while j < s.count && s[j] == "-" { j += 1 }
        return j - i >= 2 && j < s.count && isWordScalar(s[j])
    }

    /// The hyphen at `i` ends a chunk: two letters (or letter, hyphen, letter) before it, and a
    /// letter, an optional hyphen and a letter after it.
    private static func breaksAfterHyphen(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        func letter(_ k: Int) -> Bool { k >= 0 && k < s.count && isLetter(s[k]) }
        let before = (letter(i - 2) && letter(i - 1)) || (letter(i - 3) && s[i - 2] == "-" && letter(i - 1))
        let after = letter(i + 1) && (letter(i + 2) || (i + 2 < s.count && s[i + 2] == "-" && letter(i + 3)))
        return before && after
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

    /// Python's `\w`: letters, digits and the underscore.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        isLetter(scalar) || scalar.properties.numericType != nil
    }

    /// Python's `[^\d\W]`: word characters that are not digits.
    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return scalar == "_"
        }
    }

    private static func isWordPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        isWordScalar(scalar) || "!\"'&.,?".unicodeScalars.contains(scalar)
    }
}
