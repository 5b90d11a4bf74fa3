/// Splits template text into literal text and the tokens of `{{ }}` / `{% %}` tags, applying
/// whitespace control (`{%-`, `-%}`, trim_blocks) and dropping `{# #}` comments, as Jinja2's
/// lexer does.
struct TemplateLexer {
    /// How the text that follows a tag is trimmed.
    private enum LeadingTrim { case none, newline, whitespace }

    let source: [Unicode.Scalar]
    private let options: TemplateOptions
    var position = 0
    private var tokens: [Token] = []
    private var pendingTrim = LeadingTrim.none
    /// Inside `{{ }}` of a playbook string, where string literals keep their backslashes.
    var literalStrings = false

    init(source: [Unicode.Scalar], options: TemplateOptions) {
        self.source = source
        self.options = options
    }

    /// Tokenizes a whole template.
    mutating func tokenizeTemplate() throws(TemplateFailure) -> [Token] {
        var textStart = 0
        while position < source.count {
            guard source[position] == "{", position + 1 < source.count else {
                position += 1
                continue
            }
            let marker = source[position + 1]
            guard marker == "{" || marker == "%" || marker == "#" else {
                position += 1
                continue
            }
            let tagStart = position
            let modifier = position + 2 < source.count ? source[position + 2] : nil
            // lstrip_blocks applies to block and comment tags unless `+` opts out.
            let stripIndent = options.lstripBlocks && marker != "{" && modifier != "+"
            emitText(from: textStart, to: tagStart, stripTrailing: modifier == "-", stripIndent: stripIndent)
            position += 2
            if position < source.count, source[position] == "-" || source[position] == "+" {
                position += 1
            }
            switch marker {
            case "#": try skipComment(openedAt: tagStart)
            case "{": try tokenizeTag(begin: .variableBegin, end: .variableEnd, closer: "}", at: tagStart)
            default:
                if try !tokenizeRawBlock(openedAt: tagStart) {
                    try tokenizeTag(begin: .blockBegin, end: .blockEnd, closer: "%", at: tagStart)
                }
            }
            textStart = position
        }
        emitText(from: textStart, to: source.count, stripTrailing: false, stripIndent: false)
        tokens.append(Token(.end, at: source.count))
        return tokens
    }

    /// Tokenizes a bare expression (`when:` conditions and the like).
    mutating func tokenizeExpression() throws(TemplateFailure) -> [Token] {
        while true {
            skipWhitespace()
            guard position < source.count else { break }
            tokens.append(try lexExpressionToken())
        }
        tokens.append(Token(.end, at: source.count))
        return tokens
    }

    // MARK: - Text between tags

    private mutating func emitText(from start: Int, to end: Int, stripTrailing: Bool, stripIndent: Bool) {
        var lower = start
        var upper = end
        switch pendingTrim {
        case .none: break
        case .whitespace:
            while lower < upper, source[lower].properties.isWhitespace { lower += 1 }
        case .newline:
            if lower < upper, source[lower] == "\n" {
                lower += 1
            } else if lower + 1 < upper, source[lower] == "\r", source[lower + 1] == "\n" {
                lower += 2
            }
        }
        pendingTrim = .none
        if stripTrailing {
            while upper > lower, source[upper - 1].properties.isWhitespace { upper -= 1 }
        } else if stripIndent {
            var indentStart = upper
            while indentStart > lower, source[indentStart - 1] == " " || source[indentStart - 1] == "\t" { indentStart -= 1 }
            // Only indentation counts: the tag must be the first thing on its line.
            if indentStart == 0 || source[indentStart - 1] == "\n" || source[indentStart - 1] == "\r" { upper = indentStart }
        }
        guard lower < upper else { return }
        // Every line break becomes the newline sequence, as Jinja2 does ("\n" unless asked).
        var text = String.UnicodeScalarView()
        var index = lower
        while index < upper {
            let scalar = source[index]
            index += 1
            if scalar == "\r" || scalar == "\n" {
                text.append(contentsOf: options.newlineSequence.unicodeScalars)
                if scalar == "\r", index < upper, source[index] == "\n" { index += 1 }
            } else {
                text.append(scalar)
            }
        }
        tokens.append(Token(.data(String(text)), at: lower))
    }

    /// After a tag closes: `-` strips all following whitespace, `+` keeps it, and block or
    /// comment tags otherwise drop one newline when trim_blocks is on.
    private mutating func noteTagEnd(modifier: Unicode.Scalar?, isBlock: Bool) {
        if modifier == "-" {
            pendingTrim = .whitespace
        } else if modifier != "+", isBlock, options.trimBlocks {
            pendingTrim = .newline
        } else {
            pendingTrim = .none
        }
    }

    private mutating func skipComment(openedAt start: Int) throws(TemplateFailure) {
        while position + 1 < source.count {
            if source[position] == "#", source[position + 1] == "}" {
                let modifier = position > start + 2 ? source[position - 1] : nil
                position += 2
                noteTagEnd(modifier: modifier == "-" || modifier == "+" ? modifier : nil, isBlock: true)
                return
            }
            position += 1
        }
        throw .syntax("unterminated comment; missing '#}'", at: start)
    }

    // MARK: - Tags

    private mutating func tokenizeTag(
        begin: Token.Kind, end: Token.Kind, closer: Unicode.Scalar, at start: Int
    ) throws(TemplateFailure) {
        tokens.append(Token(begin, at: start))
        literalStrings = options.literalBackslashesInExpressions && begin == .variableBegin
        defer { literalStrings = false }
        var depth = 0
        while true {
            skipWhitespace()
            guard position < source.count else {
                let expected = closer == "}" ? "}}" : "%}"
                throw .syntax("unexpected end of template; missing '\(expected)'", at: start)
            }
            if depth == 0, let modifier = closingModifier(closer) {
                let endOffset = position
                position += modifier == nil ? 2 : 3
                tokens.append(Token(end, at: endOffset))
                noteTagEnd(modifier: modifier, isBlock: end == .blockEnd)
                return
            }
            let token = try lexExpressionToken()
            switch token.kind {
            case .op("("), .op("["), .op("{"): depth += 1
            case .op(")"), .op("]"), .op("}"): depth = max(0, depth - 1)
            default: break
            }
            tokens.append(token)
        }
    }

    /// Whether the tag closes here: `}}`/`%}`, optionally preceded by `-` or `+`.
    /// Returns `.some(nil)` for a plain close and `.some(modifier)` otherwise.
    private func closingModifier(_ closer: Unicode.Scalar) -> Unicode.Scalar?? {
        func closes(at index: Int) -> Bool {
            index + 1 < source.count && source[index] == closer && source[index + 1] == "}"
        }
        if closes(at: position) { return .some(nil) }
        let current = source[position]
        if current == "-" || current == "+", closes(at: position + 1) { return .some(current) }
        return nil
    }

    /// `{% raw %}…{% endraw %}`: everything inside is literal text.
    private mutating func tokenizeRawBlock(openedAt start: Int) throws(TemplateFailure) -> Bool {
        guard let afterOpen = matchBlockTag(word: "raw", from: position) else { return false }
        let contentStart = afterOpen.end
        var search = contentStart
        while search + 1 < source.count {
            if source[search] == "{", source[search + 1] == "%" {
                var inner = search + 2
                let stripBefore = inner < source.count && source[inner] == "-"
                if inner < source.count, source[inner] == "-" || source[inner] == "+" { inner += 1 }
                if let close = matchBlockTag(word: "endraw", from: inner) {
                    noteTagEnd(modifier: afterOpen.modifier, isBlock: true)
                    emitText(from: contentStart, to: search, stripTrailing: stripBefore, stripIndent: false)
                    position = close.end
                    noteTagEnd(modifier: close.modifier, isBlock: true)
                    return true
                }
            }
            search += 1
        }
        throw .syntax("missing '{% endraw %}' for this '{% raw %}'", at: start)
    }

    /// Matches `<spaces> word <spaces> [-+]? %}` starting at `index`.
    private func matchBlockTag(word: String, from index: Int) -> (end: Int, modifier: Unicode.Scalar?)? {
        var i = index
        while i < source.count, source[i] == " " || source[i] == "\t" || source[i] == "\n" { i += 1 }
        for scalar in word.unicodeScalars {
            guard i < source.count, source[i] == scalar else { return nil }
            i += 1
        }
        while i < source.count, source[i] == " " || source[i] == "\t" || source[i] == "\n" { i += 1 }
        var modifier: Unicode.Scalar?
        if i < source.count, source[i] == "-" || source[i] == "+" {
            modifier = source[i]
            i += 1
        }
        guard i + 1 < source.count, source[i] == "%", source[i + 1] == "}" else { return nil }
        return (i + 2, modifier)
    }

    private mutating func skipWhitespace() {
        while position < source.count, source[position].properties.isWhitespace { position += 1 }
    }
}
