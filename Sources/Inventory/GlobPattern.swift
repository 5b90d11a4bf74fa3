/// A shell-style wildcard with Python `fnmatch` semantics, as Ansible uses for host patterns:
/// `*` matches any run (dots included), `?` one character, `[abc]`, `[a-z]`, `[!abc]` one
/// character of (or not of) a set; an unclosed `[` is literal. Matching is case-sensitive.
struct GlobPattern: Sendable, Equatable {
    private enum Token: Sendable, Equatable {
        case literal(Character)
        case anyOne
        case anyRun
        case set(negated: Bool, ranges: [ClosedRange<Character>])

        func matches(_ character: Character) -> Bool {
            switch self {
            case .literal(let expected): return character == expected
            case .anyOne: return true
            case .anyRun: return false
            case .set(let negated, let ranges): return ranges.contains { $0.contains(character) } != negated
            }
        }
    }

    private let tokens: [Token]

    static func isGlob(_ text: String) -> Bool {
        text.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    init(_ pattern: String) {
        let characters = Array(pattern)
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "*":
                if tokens.last != .anyRun { tokens.append(.anyRun) }
                index += 1
            case "?":
                tokens.append(.anyOne)
                index += 1
            case "[":
                if let (set, next) = Self.parseSet(characters, from: index) {
                    tokens.append(set)
                    index = next
                } else {
                    tokens.append(.literal("["))
                    index += 1
                }
            default:
                tokens.append(.literal(character))
                index += 1
            }
        }
        self.tokens = tokens
    }

    /// `[…]` starting at `open`; `nil` when it never closes (then `[` is an ordinary character).
    private static func parseSet(_ characters: [Character], from open: Int) -> (Token, Int)? {
        var index = open + 1
        var negated = false
        if index < characters.count, characters[index] == "!" {
            negated = true
            index += 1
        }
        // A `]` right after the opening is a member, not the end.
        var members: [Character] = []
        if index < characters.count, characters[index] == "]" {
            members.append("]")
            index += 1
        }
        while index < characters.count, characters[index] != "]" {
            members.append(characters[index])
            index += 1
        }
        guard index < characters.count else { return nil }
        var ranges: [ClosedRange<Character>] = []
        var position = 0
        while position < members.count {
            let low = members[position]
            if position + 2 < members.count, members[position + 1] == "-" {
                let high = members[position + 2]
                // Python drops reversed ranges such as `z-a`: they match nothing.
                if low <= high { ranges.append(low...high) }
                position += 3
            } else {
                ranges.append(low...low)
                position += 1
            }
        }
        return (.set(negated: negated, ranges: ranges), index + 1)
    }

    /// Whether the whole of `text` matches. Greedy with a single backtrack point per `*`, which
    /// is linear in practice and never exponential.
    func matches(_ text: String) -> Bool {
        let characters = Array(text)
        var tokenIndex = 0
        var textIndex = 0
        var starToken: Int?
        var starText = 0
        while textIndex < characters.count {
            if tokenIndex < tokens.count, tokens[tokenIndex] == .anyRun {
                starToken = tokenIndex
                starText = textIndex
                tokenIndex += 1
            } else if tokenIndex < tokens.count, tokens[tokenIndex].matches(characters[textIndex]) {
                tokenIndex += 1
                textIndex += 1
            } else if let star = starToken {
                tokenIndex = star + 1
                starText += 1
                textIndex = starText
            } else {
                return false
            }
        }
        while tokenIndex < tokens.count, tokens[tokenIndex] == .anyRun { tokenIndex += 1 }
        return tokenIndex == tokens.count
    }
}
