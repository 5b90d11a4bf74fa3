import Values

/// Numbers and strings as Python's tokenizer reads them.
extension PythonLiteral {
    /// `42`, `0x2A`, `0o52`, `0b101`, `1_000`, `1.5`, `.5`, `1e3`; `01` and `1j` are not literals
    /// Ansible can keep (a syntax error and a complex number), so they stay text.
    mutating func number() -> Value? {
        let start = position
        if current == "0", let marker = peek(1), let radix = Self.radix(marker) {
            position += 2
            let digits = digitRun { ("0"..."9").contains($0) || ("a"..."f").contains($0) || ("A"..."F").contains($0) }
            guard let digits, !endsInIdentifier(), let value = Int(digits, radix: radix) else { return nil }
            return .int(value)
        }
        let whole = digitRun { ("0"..."9").contains($0) } ?? ""
        var isFloat = false
        var text = whole
        if current == "." {
            position += 1
            isFloat = true
            let fraction = digitRun { ("0"..."9").contains($0) } ?? ""
            guard !(whole.isEmpty && fraction.isEmpty) else { return nil }
            text += "." + fraction
        }
        guard !text.isEmpty, position > start else { return nil }
        if current == "e" || current == "E" {
            position += 1
            var exponent = "e"
            if current == "+" || current == "-", let sign = current {
                exponent.unicodeScalars.append(sign)
                position += 1
            }
            guard let digits = digitRun({ ("0"..."9").contains($0) }) else { return nil }
            text += exponent + digits
            isFloat = true
        }
        guard !endsInIdentifier() else { return nil }
        if isFloat {
            return Double(text.hasPrefix(".") ? "0" + text : text).map(Value.double)
        }
        // Python 3 refuses `007`; only an all-zero run may start with 0.
        if text.count > 1, text.hasPrefix("0"), text.contains(where: { $0 != "0" }) { return nil }
        return Int(text).map(Value.int)
    }

    private static func radix(_ marker: Unicode.Scalar) -> Int? {
        switch marker {
        case "x", "X": return 16
        case "o", "O": return 8
        case "b", "B": return 2
        default: return nil
        }
    }

    /// Digits with single underscores between them (`1_000`); `nil` when there are none or an
    /// underscore is misplaced.
    private mutating func digitRun(_ isDigit: (Unicode.Scalar) -> Bool) -> String? {
        var text = ""
        var lastWasUnderscore = false
        while let scalar = current {
            if scalar == "_" {
                guard !text.isEmpty, !lastWasUnderscore else { return nil }
                lastWasUnderscore = true
            } else if isDigit(scalar) {
                text.unicodeScalars.append(scalar)
                lastWasUnderscore = false
            } else {
                break
            }
            position += 1
        }
        return text.isEmpty || lastWasUnderscore ? nil : text
    }

    /// `1j` (complex) or `1abc`: the number runs into a name, which is not a plain literal.
    private func endsInIdentifier() -> Bool {
        guard let scalar = current else { return false }
        return scalar.properties.isAlphabetic || scalar == "_" || ("0"..."9").contains(scalar)
    }

    /// The prefix letters and quote that open a string literal here, if one does.
    func stringOpening() -> (prefixLength: Int, isRaw: Bool)? {
        var length = 0
        var isRaw = false
        while let scalar = peek(length), "rRuUbB".unicodeScalars.contains(scalar), length < 2 {
            if scalar == "r" || scalar == "R" { isRaw = true }
            length += 1
        }
        guard let quote = peek(length), quote == "'" || quote == "\"" else { return nil }
        return (length, isRaw)
    }

    /// One or more adjacent string literals, concatenated as Python does (`'a' "b"` is `ab`).
    mutating func strings() -> String? {
        var result = ""
        while let opening = stringOpening() {
            position += opening.prefixLength
            guard let piece = quoted(isRaw: opening.isRaw) else { return nil }
            result += piece
            let afterPiece = position
            skipBlanks()
            if stringOpening() == nil { position = afterPiece }
        }
        return result
    }

    private mutating func quoted(isRaw: Bool) -> String? {
        guard let quote = current else { return nil }
        let isTriple = peek(1) == quote && peek(2) == quote
        position += isTriple ? 3 : 1
        var text = ""
        while let scalar = current {
            if scalar == quote && (!isTriple || (peek(1) == quote && peek(2) == quote)) {
                position += isTriple ? 3 : 1
                return text
            }
            if scalar == "\n" && !isTriple { return nil }
            if scalar == "\\", let next = peek(1) {
                position += 2
                if isRaw {
                    text.unicodeScalars.append(scalar)
                    text.unicodeScalars.append(next)
                } else {
                    guard let escaped = escape(next) else { return nil }
                    text += escaped
                }
                continue
            }
            text.unicodeScalars.append(scalar)
            position += 1
        }
        return nil
    }

    /// The text of an escape whose backslash and first character were consumed.
    private mutating func escape(_ character: Unicode.Scalar) -> String? {
        switch character {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "a": return "\u{07}"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "v": return "\u{0B}"
        case "\\", "'", "\"": return String(character)
        case "\n": return ""
        case "x": return hexEscape(length: 2)
        case "u": return hexEscape(length: 4)
        case "U": return hexEscape(length: 8)
        case "0"..."7":
            var value = Int(character.value - 48)
            var count = 1
            while count < 3, let next = current, ("0"..."7").contains(next) {
                value = value * 8 + Int(next.value - 48)
                position += 1
                count += 1
            }
            return Unicode.Scalar(value).map { String($0) }
        default:
            // Python keeps unknown escapes as written.
            return "\\" + String(character)
        }
    }

    private mutating func hexEscape(length: Int) -> String? {
        guard position + length <= scalars.count else { return nil }
        let digits = String(String.UnicodeScalarView(scalars[position..<(position + length)]))
        guard let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else { return nil }
        position += length
        return String(scalar)
    }
}
