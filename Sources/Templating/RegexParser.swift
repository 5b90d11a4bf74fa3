/// A pattern Python's `re` would refuse, with the scalar offset where the problem starts.
struct RegexSyntaxError: Error {
    var message: String
    var position: Int
}

/// Parses Python `re` syntax — the dialect Ansible users write — into a `RegexNode` tree:
/// `(?P<name>…)`, `(?P=name)`, lookahead and lookbehind, atomic groups, possessive and lazy
/// quantifiers, inline flags (`(?i)`, `(?x)`, `(?a)`, scoped `(?i:…)`), `\A \Z \b \B`, octal
/// and `\x \u \U` escapes, and backreferences.
struct RegexParser {
    let chars: [Unicode.Scalar]
    var position = 0
    var flags: RegexFlags
    var depth = 0
    var openGroups: Set<Int> = []
    /// Where `(?i)`-style global flags may still start: only at the very beginning, as in Python 3.11.
    var globalFlagsEnd = 0
    var groupCount = 0
    /// Group names in the order they appear, and the group each names.
    var groupNames: [String] = []
    var groupIndex: [String: Int] = [:]

    /// Nesting deeper than this is refused rather than risking the stack.
    static let maximumDepth = 200

    init(_ pattern: String, flags: RegexFlags) {
        chars = Array(pattern.unicodeScalars)
        self.flags = flags
    }

    mutating func parse() throws(RegexSyntaxError) -> RegexNode {
        let node = try parseAlternation()
        if position < chars.count { throw fail("unbalanced parenthesis") }
        return node
    }

    var current: Unicode.Scalar? { position < chars.count ? chars[position] : nil }

    func fail(_ message: String, at offset: Int? = nil) -> RegexSyntaxError {
        RegexSyntaxError(message: message, position: offset ?? position)
    }

    mutating func take() throws(RegexSyntaxError) -> Unicode.Scalar {
        guard let c = current else { throw fail("unexpected end of pattern") }
        position += 1
        return c
    }

    mutating func skip(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard position + scalars.count <= chars.count, Array(chars[position..<position + scalars.count]) == scalars
        else { return false }
        position += scalars.count
        return true
    }

    /// Verbose mode (`(?x)`) ignores whitespace and `#` comments outside classes.
    mutating func skipVerbose() {
        guard flags.verbose else { return }
        while let c = current {
            if c == "#" {
                while let d = current, d != "\n" { position += 1 }
            } else if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}" {
                position += 1
            } else {
                return
            }
        }
    }

    mutating func parseAlternation() throws(RegexSyntaxError) -> RegexNode {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw fail("pattern nested too deeply") }
        var branches = [try parseSequence()]
        while current == "|" {
            position += 1
            branches.append(try parseSequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseSequence() throws(RegexSyntaxError) -> RegexNode {
        var items: [RegexNode] = []
        while true {
            skipVerbose()
            guard let c = current, c != "|", c != ")" else { break }
            guard let atom = try parseAtom() else { continue }
            items.append(try parseQuantifiers(atom))
        }
        return items.count == 1 ? items[0] : items.isEmpty ? .empty : .sequence(items)
    }

    /// One atom, or nil for a construct that matches nothing (`(?i)`, `(?#…)`).
    private mutating func parseAtom() throws(RegexSyntaxError) -> RegexNode? {
        let start = position
        let c = try take()
        switch c {
        case "(": return try parseGroup()
        case "[": return .set(try parseSet())
        case ".": return .any(dotAll: flags.dotAll)
        case "^": return .anchor(flags.multiline ? .lineStart : .textStart)
        case "$": return .anchor(flags.multiline ? .lineEnd : .endOrFinalNewline)
        case "\\": return try parseEscape()
        case "*", "+", "?": throw fail("nothing to repeat", at: start)
        case "{":
            position = start
            if (try? quantifierBounds()) ?? nil != nil { throw fail("nothing to repeat", at: start) }
            position = start + 1
            return .scalar(c, fold: flags.ignoreCase)
        default: return .scalar(c, fold: flags.ignoreCase)
        }
    }

    private mutating func parseQuantifiers(_ atom: RegexNode) throws(RegexSyntaxError) -> RegexNode {
        skipVerbose()
        let start = position
        let bounds: (Int, Int?)
        switch current {
        case "*": position += 1; bounds = (0, nil)
        case "+": position += 1; bounds = (1, nil)
        case "?": position += 1; bounds = (0, 1)
        case "{":
            guard let parsed = try quantifierBounds() else { return atom }
            bounds = parsed
        default: return atom
        }
        if case .anchor = atom { throw fail("nothing to repeat", at: start) }
        var mode = RegexNode.RepetitionMode.greedy
        if current == "?" {
            position += 1
            mode = .lazy
        } else if current == "+" {
            position += 1
            mode = .possessive
        }
        skipVerbose()
        if let c = current, c == "*" || c == "+" || c == "?" || (c == "{" && ((try? quantifierBounds()) ?? nil) != nil) {
            throw fail("multiple repeat")
        }
        return .repetition(atom, min: bounds.0, max: bounds.1, mode: mode)
    }

    /// `{m}`, `{m,}`, `{,n}`, `{m,n}` at the cursor; nil (cursor unmoved) when the brace is a literal.
    private mutating func quantifierBounds() throws(RegexSyntaxError) -> (Int, Int?)? {
        let start = position
        guard current == "{" else { return nil }
        position += 1
        let low = digits()
        var high = low
        if current == "," {
            position += 1
            high = digits()
        } else if low == nil {
            position = start
            return nil
        }
        guard current == "}" else {
            position = start
            return nil
        }
        position += 1
        let minimum = low ?? 0
        if let high, high < minimum { throw fail("min repeat greater than max repeat", at: start) }
        if minimum > 1_000_000 || (high ?? 0) > 1_000_000 { throw fail("the repetition number is too large", at: start) }
        return (minimum, high)
    }

    mutating func digits() -> Int? {
        var value: Int?
        while let c = current, c.isASCII, c.properties.numericType == .decimal, (value ?? 0) < 100_000_000 {
            value = (value ?? 0) * 10 + Int(c.value - 48)
            position += 1
        }
        return value
    }
}

/// Python's inline flags: `i m s x a` (and `u`, the default for text, and `L`, refused).
struct RegexFlags: Sendable {
    var ignoreCase = false
    var multiline = false
    var dotAll = false
    var verbose = false
    var ascii = false
}
