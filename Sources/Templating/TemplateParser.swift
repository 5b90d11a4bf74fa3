import Diagnostics

/// Builds the node tree of a template from its tokens.
struct TemplateParser {
    /// Statement nesting bound (`{% if %}` inside `{% for %}` …), for the same reason as the
    /// expression bound: hostile input fails to compile instead of exhausting the stack.
    static let maximumNesting = 100

    private static let knownTags = [
        "if", "elif", "else", "endif", "for", "endfor", "set", "endset", "raw", "endraw", "macro", "endmacro",
        "call", "endcall", "filter", "endfilter", "with", "endwith", "break", "continue", "include", "import", "from",
        "extends", "block", "endblock",
    ]
    /// Jinja2 tags that this engine does not implement, so the message can say so plainly.
    private static let unsupportedTags: Set = [
        "autoescape", "endautoescape", "do",
        "trans", "endtrans",
    ]

    var stream: ExpressionParser
    private var nesting = 0
    /// Enclosing `{% for %}` bodies, where `{% break %}` and `{% continue %}` may appear.
    var loopDepth = 0

    init(tokens: [Token]) {
        stream = ExpressionParser(tokens: tokens)
    }

    static func compile(_ text: String, options: TemplateOptions) throws(TemplateFailure) -> CompiledTemplate {
        let source = SourceText(text)
        var scalars = source.scalars
        if !options.keepTrailingNewline {
            // Jinja2 drops one final line break of the source unless told to keep it.
            if scalars.last == "\n" { scalars.removeLast() }
            if scalars.last == "\r" { scalars.removeLast() }
        }
        var lexer = TemplateLexer(source: scalars, options: options)
        var parser = TemplateParser(tokens: try lexer.tokenizeTemplate())
        let (nodes, _) = try parser.parseBody(until: [], opener: nil)
        return CompiledTemplate(nodes: nodes, source: source)
    }

    static func compileExpression(_ text: String) throws(TemplateFailure) -> CompiledExpression {
        let source = SourceText(text)
        var lexer = TemplateLexer(source: source.scalars, options: TemplateOptions())
        var stream = ExpressionParser(tokens: try lexer.tokenizeExpression())
        if stream.current.kind == .end {
            throw .syntax("empty expression", at: 0)
        }
        let expression = try stream.parseExpression()
        guard stream.current.kind == .end else {
            throw .syntax("unexpected \(stream.current.display) after the expression", at: stream.current.offset)
        }
        return CompiledExpression(expression: expression, source: source)
    }

    /// Parses nodes until one of the `terminators` tags; returns the nodes and the terminator
    /// found (its tag name consumed, its arguments and `%}` not yet).
    mutating func parseBody(until terminators: Set<String>, opener: Token?)
        throws(TemplateFailure) -> ([TemplateNode], String?)
    {
        var nodes: [TemplateNode] = []
        while true {
            let token = stream.current
            switch token.kind {
            case .data(let text):
                _ = stream.advance()
                nodes.append(.text(text))
            case .variableBegin:
                _ = stream.advance()
                if stream.current.kind == .variableEnd {
                    throw .syntax("empty expression in '{{ }}'", at: token.offset)
                }
                let expression = try stream.parseExpression()
                try expect(.variableEnd, "to close '{{'")
                nodes.append(.output(expression))
            case .blockBegin:
                _ = stream.advance()
                let tagOffset = stream.current.offset
                let tag = try stream.expectName("after '{%'")
                if terminators.contains(tag) { return (nodes, tag) }
                nodes.append(try parseStatement(tag, at: tagOffset, openedAt: token.offset, terminators: terminators))
            case .end:
                if let opener, let end = terminators.first(where: { $0.hasPrefix("end") }) {
                    throw .syntax("unexpected end of template; missing '{% \(end) %}'", at: opener.offset)
                }
                return (nodes, nil)
            default:
                throw .syntax("unexpected \(token.display)", at: token.offset)
            }
        }
    }

    private mutating func parseStatement(_ tag: String, at offset: Int, openedAt opener: Int, terminators: Set<String>)
        throws(TemplateFailure) -> TemplateNode
    {
        nesting += 1
        stream.enclosingBlocks = nesting
        defer {
            nesting -= 1
            stream.enclosingBlocks = nesting
        }
        if nesting > Self.maximumNesting {
            throw TemplateFailure(.limit, "blocks nested more than \(Self.maximumNesting) levels deep", at: offset)
        }
        switch tag {
        case "if": return try parseIf(at: opener)
        case "for": return try parseFor(at: opener)
        case "set": return try parseSet(at: opener)
        case "macro": return try parseMacro(at: opener)
        case "call": return try parseCallBlock(at: opener)
        case "filter": return try parseFilterBlock(at: opener)
        case "with": return try parseWith(at: opener)
        case "include": return try parseInclude()
        case "import": return try parseImport()
        case "from": return try parseFromImport()
        case "extends":
            let parent = try stream.parseExpression()
            try expect(.blockEnd, "after the parent template")
            return .extends(parent)
        case "block": return try parseBlock(at: opener)
        case "break", "continue":
            guard loopDepth > 0 else { throw .syntax("'{% \(tag) %}' outside of a loop", at: offset) }
            try expect(.blockEnd, "after '\(tag)'")
            return .loopControl(isBreak: tag == "break")
        default:
            if Self.unsupportedTags.contains(tag) {
                throw .syntax("the '{% \(tag) %}' tag is not supported", at: offset)
            }
            if Self.knownTags.contains(tag) {
                let expected = terminators.isEmpty ? "" : "; expected " + terminators.sorted().map { "'\($0)'" }.joined(separator: " or ")
                throw .syntax("unexpected '{% \(tag) %}'\(expected)", at: offset)
            }
            throw .syntax(
                "unknown tag '\(tag)'", at: offset,
                hint: Suggestion.didYouMean(tag, in: Self.knownTags))
        }
    }

    private mutating func parseIf(at offset: Int) throws(TemplateFailure) -> TemplateNode {
        let opener = Token(.blockBegin, at: offset)
        var branches: [TemplateNode.Branch] = []
        var condition = try stream.parseExpression()
        while true {
            try expect(.blockEnd, "after the condition")
            let (body, terminator) = try parseBody(until: ["elif", "else", "endif"], opener: opener)
            branches.append(.init(condition: condition, body: body))
            switch terminator {
            case "elif":
                condition = try stream.parseExpression()
            case "else":
                try expect(.blockEnd, "after 'else'")
                let (otherwise, _) = try parseBody(until: ["endif"], opener: opener)
                try expect(.blockEnd, "after 'endif'")
                return .conditional(branches: branches, otherwise: otherwise)
            default:
                try expect(.blockEnd, "after 'endif'")
                return .conditional(branches: branches, otherwise: nil)
            }
        }
    }

    private mutating func parseFor(at offset: Int) throws(TemplateFailure) -> TemplateNode {
        let opener = Token(.blockBegin, at: offset)
        let parenthesized = stream.current.isOp("(")
        if parenthesized { _ = stream.advance() }
        var targets = [try stream.expectName("after 'for'")]
        while stream.current.isOp(",") {
            _ = stream.advance()
            targets.append(try stream.expectName("in the loop variables"))
        }
        if parenthesized { try stream.expectOp(")", "after the loop variables") }
        guard stream.current.isName("in") else {
            throw .syntax("expected 'in' after the loop variables, found \(stream.current.display)", at: stream.current.offset)
        }
        _ = stream.advance()
        let iterable = try stream.parseExpression(allowConditional: false)
        var filter: Expression?
        if stream.current.isName("if") {
            _ = stream.advance()
            filter = try stream.parseExpression()
        }
        let recursive = stream.current.isName("recursive")
        if recursive { _ = stream.advance() }
        try expect(.blockEnd, "after the loop header")
        loopDepth += 1
        let parsedBody = try parseBody(until: ["else", "endfor"], opener: opener)
        loopDepth -= 1
        let (body, terminator) = parsedBody
        var otherwise: [TemplateNode]?
        if terminator == "else" {
            try expect(.blockEnd, "after 'else'")
            (otherwise, _) = try parseBody(until: ["endfor"], opener: opener)
        }
        try expect(.blockEnd, "after 'endfor'")
        return .loop(.init(
            targets: targets, iterable: iterable, filter: filter, body: body, otherwise: otherwise, offset: offset, recursive: recursive))
    }

    private mutating func parseSet(at offset: Int) throws(TemplateFailure) -> TemplateNode {
        let nameOffset = stream.current.offset
        let name = try stream.expectName("after 'set'")
        if stream.current.isOp(".") {
            _ = stream.advance()
            let attribute = try stream.expectName("after '.'")
            try stream.expectOp("=", "in '{% set %}'")
            let value = try stream.parseExpression()
            try expect(.blockEnd, "after the value")
            return .assignAttribute(name: name, attribute: attribute, value, offset: nameOffset)
        }
        var targets = [name]
        while stream.current.isOp(",") {
            _ = stream.advance()
            targets.append(try stream.expectName("in '{% set %}'"))
        }
        if targets.count == 1, stream.current.kind == .blockEnd || stream.current.isOp("|") {
            // `{% set x | upper %}…{% endset %}`: the captured text goes through the filters.
            var chain: Expression?
            if stream.current.isOp("|") {
                var filtered = Expression(.name(TemplateNode.filteredName), at: stream.current.offset)
                while stream.current.isOp("|") {
                    _ = stream.advance()
                    let filterOffset = stream.current.offset
                    let filterName = try stream.parseDottedName("after '|'")
                    let arguments = stream.current.isOp("(") ? try stream.parseCallArguments() : Expression.Arguments()
                    filtered = Expression(.filter(filtered, name: filterName, arguments), at: filterOffset)
                }
                chain = filtered
            }
            try expect(.blockEnd, "after '{% set \(name) %}'")
            let (body, _) = try parseBody(until: ["endset"], opener: Token(.blockBegin, at: offset))
            try expect(.blockEnd, "after 'endset'")
            return .assignBlock(name: name, body: chain.map { [.filterBlock($0, body: body)] } ?? body)
        }
        try stream.expectOp("=", "in '{% set %}'")
        var value = try stream.parseExpression()
        if stream.current.isOp(",") {
            // `{% set a, b = 1, 2 %}`: a tuple without parentheses.
            var items = [value]
            while stream.current.isOp(",") {
                _ = stream.advance()
                if stream.current.kind == .blockEnd { break }
                items.append(try stream.parseExpression())
            }
            value = Expression(.list(items), at: value.offset)
        }
        try expect(.blockEnd, "after the value")
        return .assign(targets: targets, value)
    }

    mutating func expect(_ kind: Token.Kind, _ context: String) throws(TemplateFailure) {
        guard stream.current.kind == kind else {
            let wanted = Token(kind, at: 0).display
            throw .syntax("expected \(wanted) \(context), found \(stream.current.display)", at: stream.current.offset)
        }
        _ = stream.advance()
    }
}
