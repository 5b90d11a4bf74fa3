import Values

extension ExpressionParser {
    mutating func parsePrimary() throws(TemplateFailure) -> Expression {
        let token = current
        switch token.kind {
        case .name(let name):
            _ = advance()
            switch name {
            case "true", "True": return Expression(.literal(.bool(true)), at: token.offset)
            case "false", "False": return Expression(.literal(.bool(false)), at: token.offset)
            case "none", "None": return Expression(.literal(.null), at: token.offset)
            default: return Expression(.name(name), at: token.offset)
            }
        case .string(var text):
            _ = advance()
            // Adjacent string literals concatenate, as in Python.
            while case .string(let more) = current.kind {
                text += more
                _ = advance()
            }
            return Expression(.literal(.string(text)), at: token.offset)
        case .integer(let i):
            _ = advance()
            return Expression(.literal(.int(i)), at: token.offset)
        case .float(let d):
            _ = advance()
            return Expression(.literal(.double(d)), at: token.offset)
        case .op("("):
            return try parseParenthesized()
        case .op("["):
            _ = advance()
            var items: [Expression] = []
            while !current.isOp("]") {
                if !items.isEmpty { try expectOp(",", "between list items") }
                if current.isOp("]") { break }
                items.append(try parseExpression())
            }
            _ = advance()
            return Expression(.list(items), at: token.offset)
        case .op("{"):
            _ = advance()
            var pairs: [(key: Expression, value: Expression)] = []
            while !current.isOp("}") {
                if !pairs.isEmpty { try expectOp(",", "between dict items") }
                if current.isOp("}") { break }
                let key = try parseExpression()
                try expectOp(":", "after a dict key")
                pairs.append((key, try parseExpression()))
            }
            _ = advance()
            return Expression(.dict(pairs), at: token.offset)
        case .end, .variableEnd, .blockEnd:
            throw .syntax("expected an expression, found \(token.display)", at: token.offset)
        default:
            throw .syntax("unexpected \(token.display)", at: token.offset)
        }
    }

    /// `(x)` is grouping; `(x,)`, `(x, y)` and `()` are tuples, which we keep as lists marked to
    /// print as tuples.
    private mutating func parseParenthesized() throws(TemplateFailure) -> Expression {
        let open = advance()
        if current.isOp(")") {
            _ = advance()
            var empty = Expression(.list([]), at: open.offset)
            empty.isTuple = true
            return empty
        }
        let first = try parseExpression()
        guard current.isOp(",") else {
            try expectOp(")", "to close '('")
            return first
        }
        var items = [first]
        while current.isOp(",") {
            _ = advance()
            if current.isOp(")") { break }
            items.append(try parseExpression())
        }
        try expectOp(")", "to close the tuple")
        var tuple = Expression(.list(items), at: open.offset)
        tuple.isTuple = true
        return tuple
    }

    mutating func parsePostfix(_ base: Expression) throws(TemplateFailure) -> Expression {
        var expr = base
        while true {
            if current.isOp(".") || current.isOp("[") || current.isOp("(") { try link() }
            switch current.kind {
            case .op("."):
                let dot = advance()
                switch current.kind {
                case .name(let name):
                    _ = advance()
                    expr = Expression(.attribute(expr, name), at: expr.offset)
                case .integer(let i):
                    // `users.0` is item access in Jinja2.
                    _ = advance()
                    expr = Expression(.index(expr, Expression(.literal(.int(i)), at: dot.offset + 1)), at: expr.offset)
                default:
                    throw .syntax("expected an attribute name after '.', found \(current.display)", at: current.offset)
                }
            case .op("["):
                expr = try parseSubscript(expr)
            case .op("("):
                expr = Expression(.call(expr, try parseCallArguments()), at: expr.offset)
            default:
                return expr
            }
        }
    }

    private mutating func parseSubscript(_ base: Expression) throws(TemplateFailure) -> Expression {
        _ = advance()  // [
        var parts: [Expression?] = [nil]
        var isSlice = false
        while !current.isOp("]") {
            if current.isOp(":") {
                _ = advance()
                isSlice = true
                parts.append(nil)
                guard parts.count <= 3 else {
                    throw .syntax("a slice has at most three parts", at: current.offset)
                }
                continue
            }
            guard parts[parts.count - 1] == nil else {
                throw .syntax("expected ']' or ':' in a subscript, found \(current.display)", at: current.offset)
            }
            parts[parts.count - 1] = try parseExpression()
        }
        let close = advance()
        if isSlice {
            while parts.count < 3 { parts.append(nil) }
            return Expression(.slice(base, start: parts[0], stop: parts[1], step: parts[2]), at: base.offset)
        }
        guard let key = parts[0] else {
            throw .syntax("expected an index or key inside '[]'", at: close.offset)
        }
        return Expression(.index(base, key), at: base.offset)
    }

    mutating func parseCallArguments() throws(TemplateFailure) -> Expression.Arguments {
        try expectOp("(", "to start the arguments")
        var arguments = Expression.Arguments()
        while !current.isOp(")") {
            if !arguments.isEmpty { try expectOp(",", "between arguments") }
            if current.isOp(")") { break }
            if let name = current.name, peek().isOp("=") {
                _ = advance()
                _ = advance()
                arguments.keywords.append((name, try parseExpression()))
            } else {
                guard arguments.keywords.isEmpty else {
                    throw .syntax("positional argument after a keyword argument", at: current.offset)
                }
                arguments.positional.append(try parseExpression())
            }
        }
        _ = advance()
        return arguments
    }

    /// `| filter(args)` and `is [not] test args`, in any order, after a primary.
    mutating func parseFilterChain(_ base: Expression) throws(TemplateFailure) -> Expression {
        var expr = base
        while true {
            if current.isOp("|") || current.isName("is") { try link() }
            if current.isOp("|") {
                _ = advance()
                let nameOffset = current.offset
                let name = try parseDottedName("after '|'")
                let arguments = current.isOp("(") ? try parseCallArguments() : Expression.Arguments()
                expr = Expression(.filter(expr, name: name, arguments), at: nameOffset)
            } else if current.isName("is") {
                _ = advance()
                var negated = false
                if current.isName("not") {
                    _ = advance()
                    negated = true
                }
                let nameOffset = current.offset
                let name = try parseDottedName("after 'is'")
                var arguments = Expression.Arguments()
                if current.isOp("(") {
                    arguments = try parseCallArguments()
                } else if startsBareTestArgument() {
                    // `x is divisibleby 3`, `x is sameas false`: one argument without parentheses.
                    arguments.positional = [try parsePostfix(try parsePrimary())]
                }
                expr = Expression(.test(expr, name: name, arguments, negated: negated), at: nameOffset)
            } else {
                return expr
            }
        }
    }

    private func startsBareTestArgument() -> Bool {
        switch current.kind {
        case .name(let n): return !["else", "or", "and", "if", "is", "in", "not"].contains(n)
        case .string, .integer, .float: return true
        case .op("["), .op("{"): return true
        default: return false
        }
    }

    /// Filter and test names may be qualified (`ansible.builtin.to_json`); as in Jinja2,
    /// `x | f.y` names the filter `f.y` rather than an attribute of the result.
    mutating func parseDottedName(_ context: String) throws(TemplateFailure) -> String {
        var parts = [try expectName(context)]
        while current.isOp("."), case .name = peek().kind {
            _ = advance()
            parts.append(try expectName(context))
        }
        return parts.joined(separator: ".")
    }
}
