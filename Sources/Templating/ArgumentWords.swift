/// Ansible's words of an argument string, as its `split_args` and `parse_kv` make them: the
/// `key=value` module arguments of a task (`apt: name=nginx state=present`) and the
/// `key words name=value` terms of lookups (`lookup('csvfile', 'Li file=elements.csv')`).
///
/// Spaces separate words except inside quotes and Jinja2 blocks; extra spaces and line breaks
/// stay on the word before them, so joining the words restores the text's spacing.
public enum ArgumentWords {
    public struct Word: Equatable, Sendable {
        public var text: String
        /// Character offset of the word in the text, for marks.
        public var offset: Int

        public init(text: String, offset: Int) {
            self.text = text
            self.offset = offset
        }
    }

    /// A quote or a `{{ }}`/`{% %}`/`{# #}` block left open at the end of the text.
    public struct Unbalanced: Error, Equatable {}

    /// Split on line breaks, then on single spaces, gluing words back together while inside
    /// quotes or Jinja2 blocks; a lone `\` at a line's end joins the next line to it.
    public static func split(_ text: String) throws(Unbalanced) -> [Word] {
        let leading = text.prefix { $0 == " " || $0 == "\n" || $0 == "\t" }.count
        let body = PythonStrings.strip(text, characters: nil)
        if body.isEmpty { return [] }
        var words: [Word] = []
        var quote: Character?
        var depths = (print: 0, block: 0, comment: 0)
        var offset = leading
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        for (lineIndex, line) in lines.enumerated() {
            var continuation = false
            let tokens = line.split(separator: " ", omittingEmptySubsequences: false)
            for (index, token) in tokens.enumerated() {
                defer { offset += token.count + (index < tokens.count - 1 ? 1 : 0) }
                let insideJinja = depths.print > 0 || depths.block > 0 || depths.comment > 0
                if token.isEmpty && index != 0 {
                    if !words.isEmpty { words[words.count - 1].text += " " }
                    continue
                }
                if token == "\\" && quote == nil {
                    continuation = true
                    continue
                }
                let wasQuoted = quote != nil
                quote = quoteState(after: token, startingWith: quote)
                var appended = false
                if quote != nil && !wasQuoted && !insideJinja {
                    words.append(Word(text: String(token), offset: offset))
                    appended = true
                } else if insideJinja || quote != nil || wasQuoted, !words.isEmpty {
                    words[words.count - 1].text += (index > 0 ? " " : "") + token
                    appended = true
                }
                let before = depths
                depths.print = depth(token, depths.print, open: "{{", close: "}}")
                depths.block = depth(token, depths.block, open: "{%", close: "%}")
                depths.comment = depth(token, depths.comment, open: "{#", close: "#}")
                if before != depths && !appended {
                    words.append(Word(text: String(token), offset: offset))
                    appended = true
                }
                let balanced = depths.print == 0 && depths.block == 0 && depths.comment == 0 && quote == nil
                if balanced && !appended && !token.isEmpty {
                    words.append(Word(text: String(token), offset: offset))
                }
            }
            offset += 1  // the line break
            if lineIndex < lines.count - 1, !continuation, !words.isEmpty {
                words[words.count - 1].text += "\n"
            }
        }
        if depths.print > 0 || depths.block > 0 || depths.comment > 0 || quote != nil { throw Unbalanced() }
        return words
    }

    public struct Option: Equatable, Sendable {
        public var name: String
        public var value: String
        /// Character offset of the option's word in the text.
        public var offset: Int
    }

    /// Ansible's `parse_kv`: each word with an unescaped `=` whose name `takes` accepts is an
    /// option (escapes decoded, name and value stripped, the value unquoted); the other words
    /// stay free text, in order (a word whose only `=` are escaped, `\=`, loses the escapes).
    public static func options(
        in text: String, taking takes: (String) -> Bool = { _ in true }
    ) throws(Unbalanced) -> (options: [Option], free: [Word]) {
        var options: [Option] = []
        var free: [Word] = []
        for word in try split(text) {
            let decoded = decodingEscapes(word.text)
            guard let equals = unescapedEquals(in: decoded) else {
                let text = decoded.contains("=") ? decoded.replacing("\\=", with: "=") : word.text
                free.append(Word(text: text, offset: word.offset))
                continue
            }
            let name = PythonStrings.strip(String(decoded[..<equals]), characters: nil)
            guard takes(name) else {
                free.append(word)
                continue
            }
            let value = PythonStrings.strip(String(decoded[decoded.index(after: equals)...]), characters: nil)
            options.append(Option(name: name, value: unquote(value), offset: word.offset))
        }
        return (options, free)
    }

    /// Words joined with single spaces, except right after a line break.
    public static func join(_ words: [String]) -> String {
        var result = ""
        for word in words {
            result += result.isEmpty || result.hasSuffix("\n") ? word : " " + word
        }
        return result
    }

    /// The first `=` not preceded by a backslash, from the second character on: a word that
    /// starts with `=` has no name.
    static func unescapedEquals(in word: String) -> String.Index? {
        guard !word.isEmpty else { return nil }
        var index = word.index(after: word.startIndex)
        while index < word.endIndex {
            if word[index] == "=", word[word.index(before: index)] != "\\" { return index }
            index = word.index(after: index)
        }
        return nil
    }

    /// Matching surrounding quotes removed, as Ansible's `unquote`.
    static func unquote(_ text: String) -> String {
        guard text.count > 1, let first = text.first, first == text.last, first == "\"" || first == "'" else {
            return text
        }
        let inner = text.dropFirst().dropLast()
        return inner.last == "\\" ? text : String(inner)
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

    private static func depth(_ token: Substring, _ current: Int, open: String, close: String) -> Int {
        let opens = PythonStrings.count(String(token), open)
        let closes = PythonStrings.count(String(token), close)
        guard opens != closes else { return current }
        return max(0, current + opens - closes)
    }
}
