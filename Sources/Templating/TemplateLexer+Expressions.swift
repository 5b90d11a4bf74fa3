/// Tokens inside `{{ }}` and `{% %}` tags: names, numbers, strings and operators.
extension TemplateLexer {
    func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        position + ahead < source.count ? source[position + ahead] : nil
    }

    func previousIsDot(_ start: Int) -> Bool {
        start > 0 && source[start - 1] == "."
    }

    // MARK: - Expression tokens

    mutating func lexExpressionToken() throws(TemplateFailure) -> Token {
        let start = position
        let scalar = source[position]
        if scalar == "_" || scalar.properties.isAlphabetic {
            var name = String.UnicodeScalarView()
            while let c = peek(), c == "_" || c.properties.isAlphabetic || ("0"..."9").contains(c) {
                name.append(c)
                position += 1
            }
            return Token(.name(String(name)), at: start)
        }
        if ("0"..."9").contains(scalar) {
            return try lexNumber()
        }
        if scalar == "'" || scalar == "\"" {
            return Token(.string(try lexString(quote: scalar)), at: start)
        }
        for op in ["//", "**", "==", "!=", "<=", ">="] where matches(op) {
            position += 2
            return Token(.op(op), at: start)
        }
        if "+-*/%~<>()[]{},.:|=".unicodeScalars.contains(scalar) {
            position += 1
            return Token(.op(String(scalar)), at: start)
        }
        throw .syntax("unexpected character '\(scalar)' in an expression", at: start)
    }

    private func matches(_ op: String) -> Bool {
        var i = position
        for c in op.unicodeScalars {
            guard i < source.count, source[i] == c else { return false }
            i += 1
        }
        return true
    }

    /// Integers and floats with `_` separators; `a.0.1` is item access, not a float.
    private mutating func lexNumber() throws(TemplateFailure) -> Token {
        let start = position
        var text = ""
        func digits(_ lexer: inout TemplateLexer, into text: inout String) {
            while let c = lexer.peek(), ("0"..."9").contains(c) || (c == "_" && text.last?.isNumber == true) {
                if c != "_" { text.unicodeScalars.append(c) }
                lexer.position += 1
            }
        }
        digits(&self, into: &text)
        var isFloat = false
        if !previousIsDot(start), peek() == ".", let next = peek(1), ("0"..."9").contains(next) {
            isFloat = true
            text += "."
            position += 1
            digits(&self, into: &text)
        }
        if !previousIsDot(start), peek() == "e" || peek() == "E" {
            var ahead = 1
            if peek(1) == "+" || peek(1) == "-" { ahead = 2 }
            if let c = peek(ahead), ("0"..."9").contains(c) {
                isFloat = true
                text += "e"
                if ahead == 2, let sign = peek(1) { text.unicodeScalars.append(sign) }
                position += ahead
                digits(&self, into: &text)
            }
        }
        if isFloat {
            guard let value = Double(text) else { throw .syntax("invalid number '\(text)'", at: start) }
            return Token(.float(value), at: start)
        }
        guard let value = Int(text) else {
            throw TemplateFailure(.limit, "integer '\(text)' is too large: beyond the 64-bit integers this engine computes with", at: start)
        }
        return Token(.integer(value), at: start)
    }
}
