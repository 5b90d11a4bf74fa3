/// Splits a command line into words the way Python's `shlex.split` does, which is how Ansible's
/// `command` module and `validate` turn a string into an argument vector without a shell:
/// whitespace separates words, single quotes keep everything, double quotes keep everything but
/// `\"` and `\\`, and a backslash outside quotes keeps the next character.
public enum ShellWords {
    public struct UnterminatedQuote: Error, Sendable, Hashable {
        public var quote: Character
    }

    public static func split(_ text: String) throws(UnterminatedQuote) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = text.makeIterator()
        while let c = iterator.next() {
            switch c {
            case " ", "\t", "\n", "\r":
                if inWord {
                    words.append(current)
                    current = ""
                    inWord = false
                }
            case "'":
                inWord = true
                var closed = false
                while let q = iterator.next() {
                    if q == "'" {
                        closed = true
                        break
                    }
                    current.append(q)
                }
                if !closed { throw UnterminatedQuote(quote: "'") }
            case "\"":
                inWord = true
                var closed = false
                while let q = iterator.next() {
                    if q == "\"" {
                        closed = true
                        break
                    }
                    if q == "\\" {
                        guard let next = iterator.next() else { break }
                        if next != "\"" && next != "\\" { current.append("\\") }
                        current.append(next)
                        continue
                    }
                    current.append(q)
                }
                if !closed { throw UnterminatedQuote(quote: "\"") }
            case "\\":
                inWord = true
                if let next = iterator.next() { current.append(next) }
            default:
                inWord = true
                current.append(c)
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
