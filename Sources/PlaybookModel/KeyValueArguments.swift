/// Ansible's `key=value` argument strings (`apt: name=nginx state=present`,
/// `command: chdir=/srv ls -l`), split the way Ansible's `split_args`/`parse_kv` do so
/// existing playbooks mean the same thing: spaces separate words except inside quotes and
/// Jinja2 blocks, surrounding quotes are removed from values, and words that are not
/// `key=value` are joined back, spacing and newlines kept, as the free-form `_raw_params`.
struct KeyValueArguments: Equatable {
    struct Argument: Equatable {
        var name: String
        var value: String
        /// Character offset of the word in the text, for marks.
        var offset: Int
    }

    var arguments: [Argument] = []
    var rawParams: String?
    var rawParamsOffset = 0

    /// Keys that stay arguments even in free-form text (`command: chdir=/tmp make`).
    static let freeFormOptions: Set<String> = [
        "creates", "removes", "chdir", "executable", "warn", "stdin", "stdin_add_newline", "strip_empty_ends",
    ]

    enum Problem: Error, Equatable {
        case unbalanced
    }

    /// `freeForm`: only `freeFormOptions` are taken as arguments; other `k=v` words are part
    /// of the command line.
    static func parse(_ text: String, freeForm: Bool) throws(Problem) -> KeyValueArguments {
        var result = KeyValueArguments()
        var raw: [Word] = []
        for word in try split(text) {
            let decoded = decodeEscapes(word.text)
            guard let equals = unescapedEquals(in: decoded) else {
                // Only escaped `\=`: the word is text, with the escapes resolved.
                let text = decoded.contains("=") ? decoded.replacingOccurrences(of: "\\=", with: "=") : word.text
                raw.append(Word(text: text, offset: word.offset))
                continue
            }
            let key = String(decoded[..<equals]).trimmedSpaces
            if freeForm && !freeFormOptions.contains(key) {
                raw.append(word)
                continue
            }
            let value = unquote(String(decoded[decoded.index(after: equals)...]).trimmedSpaces)
            result.arguments.append(Argument(name: key, value: value, offset: word.offset))
        }
        if let first = raw.first {
            result.rawParams = join(raw.map(\.text))
            result.rawParamsOffset = first.offset
        }
        return result
    }

    struct Word: Equatable {
        var text: String
        var offset: Int
    }

    /// Ansible's `split_args`: split on newlines, then on single spaces, gluing words back
    /// together while inside quotes or `{{ }}`/`{% %}`/`{# #}`. Extra spaces and newlines
    /// stick to the previous word so joining restores them.
    static func split(_ text: String) throws(Problem) -> [Word] {
        let leading = text.prefix { $0 == " " || $0 == "\n" || $0 == "\t" }.count
        let body = text.trimmedWhitespace
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
                let changed = before != depths
                if changed && !appended {
                    words.append(Word(text: String(token), offset: offset))
                    appended = true
                }
                let balanced = depths.print == 0 && depths.block == 0 && depths.comment == 0 && quote == nil
                if balanced && !appended && !token.isEmpty {
                    words.append(Word(text: String(token), offset: offset))
                }
            }
            offset += 1  // the newline
            if lineIndex < lines.count - 1, !continuation, !words.isEmpty {
                words[words.count - 1].text += "\n"
            }
        }
        if depths.print > 0 || depths.block > 0 || depths.comment > 0 || quote != nil {
            throw .unbalanced
        }
        return words
    }

    /// Words joined with single spaces, except right after a newline.
    static func join(_ words: [String]) -> String {
        var result = ""
        for word in words {
            if result.isEmpty || result.hasSuffix("\n") {
                result += word
            } else {
                result += " " + word
            }
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

    private static func depth(_ token: Substring, _ current: Int, open: String, close: String) -> Int {
        let opens = token.occurrences(of: open)
        let closes = token.occurrences(of: close)
        guard opens != closes else { return current }
        return max(0, current + opens - closes)
    }

    /// The first `=` not preceded by a backslash, searched from the second character on
    /// (a word starting with `=` has no key).
    private static func unescapedEquals(in word: String) -> String.Index? {
        var index = word.startIndex
        guard index < word.endIndex else { return nil }
        index = word.index(after: index)
        while index < word.endIndex {
            if word[index] == "=" && word[word.index(before: index)] != "\\" { return index }
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
        if inner.last == "\\" { return text }
        return String(inner)
    }
}
