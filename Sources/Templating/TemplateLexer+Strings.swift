extension TemplateLexer {
    /// A quoted string with the escapes Jinja2 accepts (Python's `unicode_escape`): unknown
    /// escapes such as `\d` stay as written, which regular expressions in playbooks rely on.
    mutating func lexString(quote: Unicode.Scalar) throws(TemplateFailure) -> String {
        let start = position
        position += 1
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peekScalar() else {
                throw .syntax("unterminated string", at: start)
            }
            position += 1
            if c == quote { return String(out) }
            guard c == "\\", !literalStrings else {
                out.append(c)
                continue
            }
            guard let e = peekScalar() else { throw .syntax("unterminated string", at: start) }
            position += 1
            switch e {
            case "\n": break  // a backslash before a newline continues the line
            case "\\": out.append("\\")
            case "'": out.append("'")
            case "\"": out.append("\"")
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "v": out.append("\u{0B}")
            case "x": out.append(try hexEscape(digits: 2, escapeStart: position - 2))
            case "u": out.append(try hexEscape(digits: 4, escapeStart: position - 2))
            case "U": out.append(try hexEscape(digits: 8, escapeStart: position - 2))
            case "0"..."7":
                var value = e.value - 48
                var count = 1
                while count < 3, let d = peekScalar(), ("0"..."7").contains(d) {
                    value = value * 8 + d.value - 48
                    position += 1
                    count += 1
                }
                out.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            default:
                out.append("\\")
                out.append(e)
            }
        }
    }

    private func peekScalar() -> Unicode.Scalar? {
        position < source.count ? source[position] : nil
    }

    private mutating func hexEscape(digits: Int, escapeStart: Int) throws(TemplateFailure) -> Unicode.Scalar {
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let c = peekScalar(), let digit = hexValue(c) else {
                throw .syntax("truncated \\x, \\u or \\U escape in a string", at: escapeStart)
            }
            value = value * 16 + digit
            position += 1
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw .syntax("escape does not name a Unicode character", at: escapeStart)
        }
        return scalar
    }

    private func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c {
        case "0"..."9": return c.value - 48
        case "a"..."f": return c.value - 87
        case "A"..."F": return c.value - 55
        default: return nil
        }
    }
}
