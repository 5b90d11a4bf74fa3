extension RegexParser {
    /// After `\` outside a class.
    mutating func parseEscape() throws(RegexSyntaxError) -> RegexNode {
        let start = position - 1
        let c = try take()
        switch c {
        case "A": return .anchor(.textStart)
        case "Z": return .anchor(.textEnd)
        case "b": return .anchor(.wordBoundary(ascii: flags.ascii))
        case "B": return .anchor(.notWordBoundary(ascii: flags.ascii))
        case "1"..."9":
            // Three octal digits are a character; otherwise one or two digits name a group.
            if let octal = try octalEscape(first: c) { return .scalar(octal, fold: flags.ignoreCase) }
            var number = Int(c.value - 48)
            if let d = current, d.isASCII, ScalarClass.isDigit(d, ascii: true) {
                number = number * 10 + Int(d.value - 48)
                position += 1
            }
            guard number <= groupCount else { throw fail("invalid group reference \(number)", at: start) }
            guard !openGroups.contains(number) else { throw fail("cannot refer to an open group", at: start) }
            return .backreference(number, fold: flags.ignoreCase)
        default:
            if let item = classEscape(c) { return .set(RegexSet(items: [item], fold: flags.ignoreCase, ascii: flags.ascii)) }
            return .scalar(try characterEscape(c, at: start), fold: flags.ignoreCase)
        }
    }

    /// After `[`: a class up to its `]`.
    mutating func parseSet() throws(RegexSyntaxError) -> RegexSet {
        let start = position - 1
        var set = RegexSet(items: [], fold: flags.ignoreCase, ascii: flags.ascii)
        if current == "^" {
            set.negated = true
            position += 1
        }
        var first = true
        while true {
            guard let c = current else { throw fail("unterminated character set", at: start) }
            if c == "]", !first {
                position += 1
                return set
            }
            first = false
            let itemStart = position
            position += 1
            var low: Unicode.Scalar
            if c == "\\" {
                let escaped = try take()
                if let item = classEscape(escaped) {
                    set.items.append(item)
                    continue
                }
                low = try setCharacterEscape(escaped, at: itemStart)
            } else {
                low = c
            }
            guard current == "-", position + 1 < chars.count, chars[position + 1] != "]" else {
                set.items.append(.range(low.value, low.value))
                continue
            }
            position += 1
            var high = try take()
            if high == "\\" {
                let escaped = try take()
                guard classEscape(escaped) == nil else { throw fail("bad character range", at: itemStart) }
                high = try setCharacterEscape(escaped, at: itemStart)
            }
            guard low.value <= high.value else { throw fail("bad character range", at: itemStart) }
            set.items.append(.range(low.value, high.value))
        }
    }

    private func classEscape(_ c: Unicode.Scalar) -> RegexSet.Item? {
        switch c {
        case "d": return .digit(negated: false)
        case "D": return .digit(negated: true)
        case "w": return .word(negated: false)
        case "W": return .word(negated: true)
        case "s": return .space(negated: false)
        case "S": return .space(negated: true)
        default: return nil
        }
    }

    /// Inside a class `\b` is a backspace and digits are always octal.
    private mutating func setCharacterEscape(_ c: Unicode.Scalar, at start: Int) throws(RegexSyntaxError) -> Unicode.Scalar {
        if c == "b" { return "\u{08}" }
        if c.isASCII, ScalarClass.isDigit(c, ascii: true) {
            if let octal = try octalEscape(first: c) { return octal }
            if c == "0" { return "\0" }
            throw fail("bad escape \\\(c)", at: start)
        }
        return try characterEscape(c, at: start)
    }

    /// `\0`, `\0o`, `\0oo` and `\ooo`: an octal character; nil when the digits are a group number.
    private mutating func octalEscape(first: Unicode.Scalar) throws(RegexSyntaxError) -> Unicode.Scalar? {
        func isOctal(_ s: Unicode.Scalar?) -> Bool { s.map { $0.value >= 48 && $0.value <= 55 } ?? false }
        let start = position - 1
        var value = Int(first.value - 48)
        if first == "0" {
            for _ in 0..<2 where isOctal(current) {
                value = value * 8 + Int(chars[position].value - 48)
                position += 1
            }
        } else {
            guard isOctal(first), isOctal(current), position + 1 < chars.count, isOctal(chars[position + 1]) else {
                return nil
            }
            for _ in 0..<2 {
                value = value * 8 + Int(chars[position].value - 48)
                position += 1
            }
        }
        guard value <= 0o377, let scalar = Unicode.Scalar(UInt32(value)) else {
            throw fail("octal escape value \\\(String(value, radix: 8)) outside of range 0-0o377", at: start)
        }
        return scalar
    }

    /// A single-character escape; an ASCII letter or digit without a meaning is an error, as in Python.
    private mutating func characterEscape(_ c: Unicode.Scalar, at start: Int) throws(RegexSyntaxError) -> Unicode.Scalar {
        switch c {
        case "a": return "\u{07}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "v": return "\u{0B}"
        case "0": return try octalEscape(first: c) ?? "\0"
        case "x": return try hexEscape(digits: 2, at: start)
        case "u": return try hexEscape(digits: 4, at: start)
        case "U": return try hexEscape(digits: 8, at: start)
        default:
            if c.isASCII, ScalarClass.isWord(c, ascii: true) { throw fail("bad escape \\\(c)", at: start) }
            return c
        }
    }

    private mutating func hexEscape(digits count: Int, at start: Int) throws(RegexSyntaxError) -> Unicode.Scalar {
        var value: UInt32 = 0
        for _ in 0..<count {
            guard let c = current, let digit = c.properties.numericType == nil ? hexLetter(c) : hexDigit(c) else {
                throw fail("incomplete escape \\\(chars[start + 1])", at: start)
            }
            value = value * 16 + digit
            position += 1
        }
        guard let scalar = Unicode.Scalar(value) else { throw fail("bad escape: not a Unicode scalar", at: start) }
        return scalar
    }

    private func hexDigit(_ c: Unicode.Scalar) -> UInt32? {
        c.value >= 48 && c.value <= 57 ? c.value - 48 : nil
    }

    private func hexLetter(_ c: Unicode.Scalar) -> UInt32? {
        switch c.value {
        case 65...70: return c.value - 55
        case 97...102: return c.value - 87
        default: return nil
        }
    }
}
