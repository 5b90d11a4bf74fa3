/// A lookup term written as `key words name=value …` (`lookup('csvfile', 'Li file=elements.csv')`),
/// split as ansible-core's `parse_kv` splits it: words are separated by spaces except inside
/// quotes, a word with an unescaped `=` is an option (escapes decoded, value stripped and
/// unquoted), and the other words, joined back with their spacing, are the search key.
struct LookupTermOptions {
    var key: String?
    var options: [(name: String, value: String)] = []

    init(_ term: String) {
        var keyWords: [String] = []
        for word in Self.words(of: term) {
            let decoded = Self.decodingEscapes(word)
            guard let equals = Self.unescapedEquals(in: decoded) else {
                keyWords.append(decoded.contains("=") ? decoded.replacing("\\=", with: "=") : word)
                continue
            }
            let name = PythonStrings.strip(String(decoded[..<equals]), characters: nil)
            let value = PythonStrings.strip(String(decoded[decoded.index(after: equals)...]), characters: nil)
            options.append((name, Self.unquote(value)))
        }
        if !keyWords.isEmpty { key = Self.join(keyWords) }
    }

    /// Words separated by single spaces; a run of spaces stays on the word before it, and a
    /// quoted stretch (`"New York"`) is one word with its quotes, as `split_args` keeps them.
    static func words(of text: String) -> [String] {
        let body = PythonStrings.strip(text, characters: nil)
        guard !body.isEmpty else { return [] }
        var words: [String] = []
        var quote: Character?
        for (lineIndex, line) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if lineIndex > 0, !words.isEmpty { words[words.count - 1] += "\n" }
            for (index, token) in line.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
                if token.isEmpty {
                    if index > 0, !words.isEmpty { words[words.count - 1] += " " }
                    continue
                }
                let continuing = quote != nil && !words.isEmpty
                quote = quoteState(after: token, startingWith: quote)
                if continuing {
                    words[words.count - 1] += (index > 0 ? " " : "") + token
                } else {
                    words.append(String(token))
                }
            }
        }
        return words
    }

    /// Words joined with single spaces, except right after a line break.
    static func join(_ words: [String]) -> String {
        var result = ""
        for word in words {
            result += result.isEmpty || result.hasSuffix("\n") ? word : " " + word
        }
        return result
    }

    private static func quoteState(after token: Substring, startingWith initial: Character?) -> Character? {
        var quote = initial
        var previous: Character?
        for character in token {
            defer { previous = character }
            guard character == "\"" || character == "'", previous != "\\" else { continue }
            if let open = quote {
                if character == open { quote = nil }
            } else {
                quote = character
            }
        }
        return quote
    }

    /// The first `=` not preceded by a backslash, from the second character on: a word that
    /// starts with `=` has no name.
    private static func unescapedEquals(in word: String) -> String.Index? {
        guard !word.isEmpty else { return nil }
        var index = word.index(after: word.startIndex)
        while index < word.endIndex {
            if word[index] == "=", word[word.index(before: index)] != "\\" { return index }
            index = word.index(after: index)
        }
        return nil
    }

    static func unquote(_ text: String) -> String {
        guard text.count > 1, let first = text.first, first == text.last, first == "\"" || first == "'" else {
            return text
        }
        let inner = text.dropFirst().dropLast()
        return inner.last == "\\" ? text : String(inner)
    }

    /// Python's escapes in a word: `\t`, `\n`, `\\`, `\'`, `\"`, `\a` … and `\xHH`, `\uHHHH`,
    /// `\UHHHHHHHH`; anything else after a backslash stays as written.
    static func decodingEscapes(_ word: String) -> String {
        guard word.contains("\\") else { return word }
        let scalars = Array(word.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        let simple: [Unicode.Scalar: Unicode.Scalar] = [
            "\\": "\\", "'": "'", "\"": "\"", "a": "\u{07}", "b": "\u{08}", "f": "\u{0C}", "n": "\n", "r": "\r",
            "t": "\t", "v": "\u{0B}",
        ]
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "\\", index + 1 < scalars.count else {
                out.append(scalar)
                index += 1
                continue
            }
            let next = scalars[index + 1]
            if let replacement = simple[next] {
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
            out.append(scalar)
            index += 1
        }
        return String(out)
    }
}
