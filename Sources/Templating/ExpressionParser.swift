import Values

/// Recursive-descent parser for Jinja2 expressions, following Jinja2's precedence:
/// conditional < or < and < not < comparisons < `+ -` < `~` < `* / // %` < `**` < unary
/// `- +` < postfix (`.attr`, `[i]`, calls) < filters and tests.
struct ExpressionParser {
    /// Nesting bound: a hostile template must fail to compile, not overflow the stack.
    static let maximumDepth = 100
    /// Bound on the height of the tree, counting the operators and postfixes chained at each
    /// level (`a ~ b ~ c`, `x.a.b`, `v | f | g`) as well as nesting. Chains are parsed in loops,
    /// but they build left-deep trees that checking and evaluation walk recursively: measured in
    /// an optimized build on a host thread's 1 MiB stack, 200 chained additions evaluate and 225
    /// overflow it, so the bound is the nesting bound.
    static let maximumHeight = 100
    /// Rendering recurses through the blocks around an expression as well as into it: 99 nested
    /// `for` blocks around 99 nested lists overflow the same stack, 75 around 99 barely do not;
    /// the bound leaves room for the frames of whoever called the renderer.
    static let maximumTotalDepth = 128

    private(set) var tokens: [Token]
    var index = 0
    private var depth = 0
    /// Nodes chained on top of a left operand on the current nesting path.
    private var links = 0
    /// Blocks the template parser has open around the expression being parsed.
    var enclosingBlocks = 0

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    var current: Token { tokens[min(index, tokens.count - 1)] }
    func peek(_ ahead: Int = 1) -> Token { tokens[min(index + ahead, tokens.count - 1)] }

    /// The names the tokens in `range` mention.
    func names(in range: Range<Int>) -> Set<String> {
        var found: Set<String> = []
        for token in tokens[range.clamped(to: tokens.indices)] {
            if case .name(let name) = token.kind { found.insert(name) }
        }
        return found
    }

    mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    mutating func expectOp(_ op: String, _ context: String) throws(TemplateFailure) {
        guard current.isOp(op) else {
            throw .syntax("expected '\(op)' \(context), found \(current.display)", at: current.offset)
        }
        _ = advance()
    }

    mutating func expectName(_ context: String) throws(TemplateFailure) -> String {
        guard let name = current.name else {
            throw .syntax("expected a name \(context), found \(current.display)", at: current.offset)
        }
        _ = advance()
        return name
    }

    private mutating func nested<T>(_ body: (inout ExpressionParser) throws(TemplateFailure) -> T)
        throws(TemplateFailure) -> T
    {
        depth += 1
        let outerLinks = links
        defer {
            depth -= 1
            links = outerLinks
        }
        if depth > Self.maximumDepth {
            throw TemplateFailure(
                .limit, "expression nested more than \(Self.maximumDepth) levels deep",
                at: current.offset)
        }
        try checkHeight()
        return try body(&self)
    }

    /// Counts one more node built on top of an operand by a chain, refusing a tree too tall
    /// to walk safely on a host thread's stack.
    mutating func link() throws(TemplateFailure) {
        links += 1
        try checkHeight()
    }

    private func checkHeight() throws(TemplateFailure) {
        if depth + links > Self.maximumHeight {
            throw TemplateFailure(
                .limit, "expression chains and nests more than \(Self.maximumHeight) operators, filters or lookups",
                at: current.offset)
        }
        if enclosingBlocks + depth + links > Self.maximumTotalDepth {
            throw TemplateFailure(
                .limit, "blocks and expressions nested more than \(Self.maximumTotalDepth) levels deep in all",
                at: current.offset)
        }
    }

    // MARK: - Precedence levels

    mutating func parseExpression(allowConditional: Bool = true) throws(TemplateFailure) -> Expression {
        try nested { (p: inout ExpressionParser) throws(TemplateFailure) -> Expression in
            allowConditional ? try p.parseConditional() : try p.parseOr()
        }
    }

    private mutating func parseConditional() throws(TemplateFailure) -> Expression {
        var expr = try parseOr()
        while current.isName("if") {
            _ = advance()
            let condition = try parseOr()
            var otherwise: Expression?
            if current.isName("else") {
                _ = advance()
                otherwise = try parseExpression()
            }
            try link()
            expr = Expression(.conditional(condition: condition, then: expr, otherwise: otherwise), at: expr.offset)
        }
        return expr
    }

    private mutating func parseOr() throws(TemplateFailure) -> Expression {
        var left = try parseAnd()
        while current.isName("or") {
            _ = advance()
            try link()
            left = Expression(.or(left, try parseAnd()), at: left.offset)
        }
        return left
    }

    private mutating func parseAnd() throws(TemplateFailure) -> Expression {
        var left = try parseNot()
        while current.isName("and") {
            _ = advance()
            try link()
            left = Expression(.and(left, try parseNot()), at: left.offset)
        }
        return left
    }

    private mutating func parseNot() throws(TemplateFailure) -> Expression {
        guard current.isName("not") else { return try parseCompare() }
        let offset = advance().offset
        return try nested { (p: inout ExpressionParser) throws(TemplateFailure) -> Expression in
            Expression(.not(try p.parseNot()), at: offset)
        }
    }

    private mutating func parseCompare() throws(TemplateFailure) -> Expression {
        let first = try parseMath1()
        var operations: [(op: Expression.CompareOperator, operand: Expression)] = []
        while true {
            let op: Expression.CompareOperator
            if case .op(let text) = current.kind, let compare = Expression.CompareOperator(rawValue: text),
                compare != .isIn, compare != .notIn
            {
                op = compare
                _ = advance()
            } else if current.isName("in") {
                op = .isIn
                _ = advance()
            } else if current.isName("not"), peek().isName("in") {
                op = .notIn
                _ = advance()
                _ = advance()
            } else {
                break
            }
            operations.append((op, try parseMath1()))
        }
        return operations.isEmpty ? first : Expression(.compare(first, operations), at: first.offset)
    }

    private mutating func parseMath1() throws(TemplateFailure) -> Expression {
        var left = try parseConcat()
        while current.isOp("+") || current.isOp("-") {
            let op: Expression.BinaryOperator = advance().isOp("+") ? .add : .subtract
            try link()
            left = Expression(.binary(op, left, try parseConcat()), at: left.offset)
        }
        return left
    }

    private mutating func parseConcat() throws(TemplateFailure) -> Expression {
        var left = try parseMath2()
        while current.isOp("~") {
            _ = advance()
            try link()
            left = Expression(.binary(.concat, left, try parseMath2()), at: left.offset)
        }
        return left
    }

    private mutating func parseMath2() throws(TemplateFailure) -> Expression {
        var left = try parsePower()
        while true {
            let op: Expression.BinaryOperator
            switch current.kind {
            case .op("*"): op = .multiply
            case .op("/"): op = .divide
            case .op("//"): op = .floorDivide
            case .op("%"): op = .modulo
            default: return left
            }
            _ = advance()
            try link()
            left = Expression(.binary(op, left, try parsePower()), at: left.offset)
        }
    }

    /// Jinja2 evaluates `**` left to right (`2 ** 3 ** 2` is 64), unlike Python.
    private mutating func parsePower() throws(TemplateFailure) -> Expression {
        var left = try parseUnary(withFilters: true)
        while current.isOp("**") {
            _ = advance()
            try link()
            left = Expression(.binary(.power, left, try parseUnary(withFilters: true)), at: left.offset)
        }
        return left
    }

    /// `-x | abs` is `(-x) | abs`: the sign binds tighter than filters, as in Jinja2.
    mutating func parseUnary(withFilters: Bool) throws(TemplateFailure) -> Expression {
        var expr: Expression
        if current.isOp("-") || current.isOp("+") {
            let token = advance()
            let operand = try nested { (p: inout ExpressionParser) throws(TemplateFailure) -> Expression in
                try p.parseUnary(withFilters: false)
            }
            expr = Expression(.unary(token.isOp("-") ? .minus : .plus, operand), at: token.offset)
        } else {
            expr = try parsePostfix(try parsePrimary())
        }
        if withFilters { expr = try parseFilterChain(expr) }
        return expr
    }
}
