/// `{% macro %}`, `{% call %}`, `{% filter %}` and `{% with %}`.
extension TemplateParser {
    mutating func parseMacro(at offset: Int) throws(TemplateFailure) -> TemplateNode {
        let name = try stream.expectName("after 'macro'")
        let parameters = try parseParameters()
        try expect(.blockEnd, "after the macro's parameters")
        let bodyStart = stream.index
        let (body, _) = try parseBody(until: ["endmacro"], opener: Token(.blockBegin, at: offset))
        let names = stream.names(in: bodyStart..<stream.index)
        try expect(.blockEnd, "after 'endmacro'")
        var macro = TemplateNode.Macro(name: name, parameters: parameters, body: body, offset: offset)
        macro.catchesVarargs = names.contains("varargs")
        macro.catchesKeywords = names.contains("kwargs")
        return .macro(macro)
    }

    mutating func parseCallBlock(at offset: Int) throws(TemplateFailure) -> TemplateNode {
        // `{% call(user) m(…) %}`: the parameters the body receives from `caller(…)`.
        let parameters = stream.current.isOp("(") ? try parseParameters() : []
        let call = try stream.parseExpression()
        guard case .call = call.kind else {
            throw .syntax("expected a macro call after 'call', found an expression", at: call.offset)
        }
        try expect(.blockEnd, "after the call")
        let (body, _) = try parseBody(until: ["endcall"], opener: Token(.blockBegin, at: offset))
        try expect(.blockEnd, "after 'endcall'")
        return .callBlock(call: call, caller: .init(name: "caller", parameters: parameters, body: body, offset: offset))
    }

    mutating func parseFilterBlock(at offset: Int) throws(TemplateFailure) -> TemplateNode {
        var chain = Expression(.name(TemplateNode.filteredName), at: stream.current.offset)
        repeat {
            if stream.current.isOp("|") { _ = stream.advance() }
            let nameOffset = stream.current.offset
            let name = try stream.parseDottedName("after 'filter'")
            let arguments = stream.current.isOp("(") ? try stream.parseCallArguments() : Expression.Arguments()
            chain = Expression(.filter(chain, name: name, arguments), at: nameOffset)
        } while stream.current.isOp("|")
        try expect(.blockEnd, "after the filter")
        let (body, _) = try parseBody(until: ["endfilter"], opener: Token(.blockBegin, at: offset))
        try expect(.blockEnd, "after 'endfilter'")
        return .filterBlock(chain, body: body)
    }

    mutating func parseBlock(at offset: Int) throws(TemplateFailure) -> TemplateNode {
        let name = try stream.expectName("after 'block'")
        if stream.current.isName("scoped") || stream.current.isName("required") { _ = stream.advance() }
        try expect(.blockEnd, "after the block name")
        let (body, _) = try parseBody(until: ["endblock"], opener: Token(.blockBegin, at: offset))
        if case .name(let closing) = stream.current.kind {
            guard closing == name else {
                throw .syntax("'{% endblock \(closing) %}' closes the block '\(name)'", at: stream.current.offset)
            }
            _ = stream.advance()
        }
        try expect(.blockEnd, "after 'endblock'")
        return .block(name: name, body: body)
    }

    mutating func parseWith(at offset: Int) throws(TemplateFailure) -> TemplateNode {
        var assignments: [TemplateNode.Assignment] = []
        while stream.current.kind != .blockEnd {
            if !assignments.isEmpty { try stream.expectOp(",", "between assignments in 'with'") }
            let name = try stream.expectName("in 'with'")
            try stream.expectOp("=", "in 'with'")
            assignments.append(.init(name: name, value: try stream.parseExpression()))
        }
        try expect(.blockEnd, "after 'with'")
        let (body, _) = try parseBody(until: ["endwith"], opener: Token(.blockBegin, at: offset))
        try expect(.blockEnd, "after 'endwith'")
        return .scoped(assignments: assignments, body: body)
    }

    /// `(a, b=1, c='x')`.
    private mutating func parseParameters() throws(TemplateFailure) -> [TemplateNode.Macro.Parameter] {
        try stream.expectOp("(", "to start the parameters")
        var parameters: [TemplateNode.Macro.Parameter] = []
        while !stream.current.isOp(")") {
            if !parameters.isEmpty { try stream.expectOp(",", "between parameters") }
            if stream.current.isOp(")") { break }
            let nameOffset = stream.current.offset
            let name = try stream.expectName("as a parameter name")
            var defaultValue: Expression?
            if stream.current.isOp("=") {
                _ = stream.advance()
                defaultValue = try stream.parseExpression()
            } else if parameters.contains(where: { $0.defaultValue != nil }) {
                throw .syntax("non-default argument '\(name)' follows default argument", at: nameOffset)
            }
            parameters.append(.init(name: name, defaultValue: defaultValue))
        }
        _ = stream.advance()
        return parameters
    }
}

/// `{% include %}`, `{% import %}` and `{% from … import … %}`.
extension TemplateParser {
    mutating func parseInclude() throws(TemplateFailure) -> TemplateNode {
        let name = try stream.parseExpression()
        var ignoreMissing = false
        if stream.current.isName("ignore"), stream.peek().isName("missing") {
            _ = stream.advance()
            _ = stream.advance()
            ignoreMissing = true
        }
        try skipContextClause()
        try expect(.blockEnd, "after the included template")
        return .include(name, ignoreMissing: ignoreMissing)
    }

    mutating func parseImport() throws(TemplateFailure) -> TemplateNode {
        let name = try stream.parseExpression()
        guard stream.current.isName("as") else {
            throw .syntax("expected 'as' after the imported template", at: stream.current.offset)
        }
        _ = stream.advance()
        let alias = try stream.expectName("after 'as'")
        try skipContextClause()
        try expect(.blockEnd, "after the import")
        return .importFile(name, alias: alias)
    }

    mutating func parseFromImport() throws(TemplateFailure) -> TemplateNode {
        let name = try stream.parseExpression()
        guard stream.current.isName("import") else {
            throw .syntax("expected 'import' after the template name", at: stream.current.offset)
        }
        _ = stream.advance()
        var names: [(name: String, alias: String)] = []
        repeat {
            if !names.isEmpty { _ = stream.advance() }
            let imported = try stream.expectName("after 'import'")
            var alias = imported
            if stream.current.isName("as") {
                _ = stream.advance()
                alias = try stream.expectName("after 'as'")
            }
            names.append((imported, alias))
        } while stream.current.isOp(",")
        try skipContextClause()
        try expect(.blockEnd, "after the import")
        return .importNames(name, names: names)
    }

    /// `with context` / `without context`: the engine always passes the variables in scope.
    private mutating func skipContextClause() throws(TemplateFailure) {
        guard stream.current.isName("with") || stream.current.isName("without") else { return }
        _ = stream.advance()
        guard stream.current.isName("context") else {
            throw .syntax("expected 'context' after 'with' or 'without'", at: stream.current.offset)
        }
        _ = stream.advance()
    }
}
