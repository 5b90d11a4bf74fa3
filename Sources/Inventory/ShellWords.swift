/// Splits an INI host line into words the way Python's `shlex.split(line, comments=True)` does,
/// which is how Ansible reads it: quotes group, backslashes escape, an unquoted `#` ends the line.
struct ShellWords {
    struct Word: Equatable {
        var text: String
        /// 1-based column where the word starts in the line.
        var column: Int
        /// For each character of `text`, whether it was written inside quotes — so `z="1"` can
        /// stay the string "1" while `z=1` becomes an int.
        var quoted: [Bool]

        /// Whether any character after `offset` came from a quoted part.
        func isQuoted(after offset: Int) -> Bool {
            quoted.dropFirst(offset + 1).contains(true)
        }
    }

    struct Failure: Error, Equatable {
        var error: InventoryError
        var column: Int
    }

    static func split(_ line: Substring, firstColumn: Int = 1) -> Result<[Word], Failure> {
        var words: [Word] = []
        var current: Word?
        var quote: Character?
        var quoteColumn = 0
        var column = firstColumn - 1
        var iterator = line.makeIterator()

        func next() -> Character? { iterator.next() }
        func append(_ character: Character, quoted: Bool) {
            if current == nil { current = Word(text: "", column: column, quoted: []) }
            current?.text.append(character)
            current?.quoted.append(quoted)
        }

        while let character = next() {
            column += 1
            if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\" && open == "\"" {
                    // Inside double quotes a backslash escapes only `"` and itself.
                    guard let following = next() else { break }
                    column += 1
                    if following != "\"" && following != "\\" { append("\\", quoted: true) }
                    append(following, quoted: true)
                } else {
                    append(character, quoted: true)
                }
                continue
            }
            switch character {
            case " ", "\t", "\r", "\n":
                if let word = current { words.append(word) }
                current = nil
            case "#":
                if let word = current { words.append(word) }
                return .success(words)
            case "'", "\"":
                if current == nil { current = Word(text: "", column: column, quoted: []) }
                quote = character
                quoteColumn = column
            case "\\":
                guard let following = next() else {
                    return .failure(Failure(error: .danglingBackslash, column: column))
                }
                if current == nil { current = Word(text: "", column: column, quoted: []) }
                column += 1
                append(following, quoted: true)
            default:
                append(character, quoted: false)
            }
        }
        if let open = quote {
            return .failure(Failure(error: .unterminatedQuote(open), column: quoteColumn))
        }
        if let word = current { words.append(word) }
        return .success(words)
    }
}
