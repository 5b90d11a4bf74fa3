import Values

extension PythonFormat {
    /// Python's `str.format`: `{}`, `{0}`, `{name}`, `{0[key]}`, `{0.attr}`, `!r`/`!s`, and the
    /// format-spec mini-language `[[fill]align][sign][#][0][width][,][.precision][type]`.
    static func braces(_ format: String, arguments: [Value], keywords: ValueDict, at offset: Int)
        throws(TemplateFailure) -> String
    {
        var out = ""
        var chars = Array(format)[...]
        var automatic = 0
        while let c = chars.popFirst() {
            if c == "}" {
                guard chars.popFirst() == "}" else { throw .type("single '}' encountered in format string", at: offset) }
                out.append("}")
                continue
            }
            guard c == "{" else {
                out.append(c)
                continue
            }
            if chars.first == "{" {
                chars.removeFirst()
                out.append("{")
                continue
            }
            var field = ""
            var depth = 1
            while let f = chars.popFirst() {
                if f == "{" { depth += 1 }
                if f == "}" {
                    depth -= 1
                    if depth == 0 { break }
                }
                field.append(f)
            }
            guard depth == 0 else { throw .type("expected '}' before end of string", at: offset) }
            out += try replacement(field, arguments: arguments, keywords: keywords, automatic: &automatic, at: offset)
        }
        return out
    }

    private static func replacement(
        _ field: String, arguments: [Value], keywords: ValueDict, automatic: inout Int, at offset: Int
    ) throws(TemplateFailure) -> String {
        var name = Substring(field)
        var spec = Substring("")
        var conversion: Character?
        if let colon = name.firstIndex(of: ":") {
            spec = name[name.index(after: colon)...]
            name = name[..<colon]
        }
        if let bang = name.firstIndex(of: "!") {
            conversion = name[name.index(after: bang)...].first
            name = name[..<bang]
        }
        // The first part names the argument; `.attr` and `[key]` parts follow it.
        let head = name.prefix { $0 != "." && $0 != "[" }
        var rest = name.dropFirst(head.count)
        var value: Value
        if head.isEmpty {
            guard automatic < arguments.count else { throw .type("Replacement index \(automatic) out of range", at: offset) }
            value = arguments[automatic]
            automatic += 1
        } else if let index = Int(head) {
            guard index >= 0, index < arguments.count else { throw .type("Replacement index \(index) out of range", at: offset) }
            value = arguments[index]
        } else {
            guard let found = keywords[String(head)] else { throw .type("format key '\(head)' is missing", at: offset) }
            value = found
        }
        while let first = rest.first {
            rest = rest.dropFirst()
            let key = first == "[" ? rest.prefix { $0 != "]" } : rest.prefix { $0 != "." && $0 != "[" }
            rest = rest.dropFirst(key.count + (first == "[" ? 1 : 0))
            if case .list(let items) = value, let i = Int(key), i >= 0, i < items.count {
                value = items[i]
            } else if let found = value[String(key)] {
                value = found
            } else {
                throw .type("format field '\(field)' does not exist", at: offset)
            }
        }
        switch conversion {
        case "r", "a": value = .string(value.pythonRepr)
        case "s": value = .string(value.pythonString)
        default: break
        }
        // A spec may hold fields of its own (`'{:{}}'.format(x, width)`), numbered on from ours.
        var resolvedSpec = String(spec)
        if spec.contains("{") {
            resolvedSpec = try nestedSpec(String(spec), arguments: arguments, keywords: keywords, automatic: &automatic, at: offset)
        }
        return try applySpec(resolvedSpec, to: value, at: offset)
    }

    private static func nestedSpec(
        _ spec: String, arguments: [Value], keywords: ValueDict, automatic: inout Int, at offset: Int
    ) throws(TemplateFailure) -> String {
        var out = ""
        var chars = Array(spec)[...]
        while let c = chars.popFirst() {
            guard c == "{" else { out.append(c); continue }
            var field = ""
            while let f = chars.popFirst(), f != "}" {
                guard f != "{" else { throw .type("Max string recursion exceeded", at: offset) }
                field.append(f)
            }
            out += try replacement(field, arguments: arguments, keywords: keywords, automatic: &automatic, at: offset)
        }
        return out
    }

    private static func applySpec(_ spec: String, to value: Value, at offset: Int) throws(TemplateFailure) -> String {
        if spec.isEmpty { return value.pythonString }
        var value = value
        // A bool is an int to Python's formatter once there is a spec: `'{:>3}'.format(True)` is '  1'.
        if case .bool(let b) = value { value = .int(b ? 1 : 0) }
        var chars = Array(spec)[...]
        var fill: Character = " "
        var explicitFill = false
        var align: Character?
        if chars.count >= 2, "<>^=".contains(chars[chars.startIndex + 1]) {
            fill = chars.removeFirst()
            explicitFill = true
            align = chars.removeFirst()
        } else if let a = chars.first, "<>^=".contains(a) {
            align = chars.removeFirst()
        }
        var sign = ""
        if let s = chars.first, "+- ".contains(s) {
            sign = s == "-" ? "" : String(s)
            chars.removeFirst()
        }
        var alternate = false
        if chars.first == "#" {
            alternate = true
            chars.removeFirst()
        }
        if chars.first == "0" {
            // Python 3.10+: the zero flag sets the fill unless one was written, whatever the alignment.
            if !explicitFill { fill = "0" }
            if align == nil { align = "=" }
            chars.removeFirst()
        }
        var width = ""
        while let d = chars.first, d.isASCII, d.isNumber { width.append(d); chars.removeFirst() }
        var grouping: Character?
        if let g = chars.first, g == "," || g == "_" { grouping = g; chars.removeFirst() }
        var precision: Int?
        if chars.first == "." {
            chars.removeFirst()
            var p = ""
            while let d = chars.first, d.isASCII, d.isNumber { p.append(d); chars.removeFirst() }
            precision = try BuildBounds.number(p, "precision", at: offset)
        }
        var type = chars.popFirst()
        guard chars.isEmpty else { throw .type("Invalid format specifier '\(spec)' for object of type '\(value.typeName)'", at: offset) }
        let isNumber = PythonSemantics.number(value) != nil && value.boolValue == nil
        if let code = type {
            let isInt = value.intValue != nil && isNumber
            let allowed = !isNumber ? "s" : isInt ? "bcdoxXneEfFgG%" : "neEfFgG%"
            guard allowed.contains(code) else {
                throw .type("Unknown format code '\(code)' for object of type '\(value.typeName)'", at: offset)
            }
            // 'n' is 'd' or 'g' in the C locale Ansible runs under: no grouping.
            if code == "n" { type = isInt ? "d" : "g" }
        }
        if type == nil {
            type = isNumber ? (value.intValue != nil ? "d" : (precision != nil ? "g" : nil)) : "s"
        }
        var text: String
        if let type {
            if type == "%" {
                guard let n = PythonSemantics.number(value) else { throw .type("'%' format needs a number", at: offset) }
                text = try convert(.double(n.asDouble * 100), "f", precision: precision, alternate: alternate, plusSign: sign, at: offset) + "%"
            } else {
                if type != "s", !isNumber { throw .type("unknown format code '\(type)' for object of type '\(value.typeName)'", at: offset) }
                text = try convert(value, type, precision: precision, alternate: alternate, plusSign: sign, at: offset)
            }
        } else {
            text = value.pythonString
            if !sign.isEmpty, !text.hasPrefix("-") { text = sign + text }
        }
        if let grouping {
            let every = (type.map { "bxXo".contains($0) } ?? false) ? 4 : 3
            text = groupThousands(text, separator: grouping, every: every)
        }
        let missing = (try BuildBounds.number(width, "width", at: offset) ?? 0) - text.count
        guard missing > 0 else { return text }
        let padding = String(repeating: fill, count: missing)
        switch align ?? (isNumber ? ">" : "<") {
        case "<": return text + padding
        case "^":
            let left = missing / 2
            return String(repeating: fill, count: left) + text + String(repeating: fill, count: missing - left)
        case "=":
            if let first = text.first, "+- ".contains(first) { return String(first) + padding + text.dropFirst() }
            return padding + text
        default: return padding + text
        }
    }

    private static func groupThousands(_ text: String, separator: Character, every: Int) -> String {
        let sign = text.first.map { "+- ".contains($0) } == true ? String(text.prefix(1)) : ""
        var body = text.dropFirst(sign.count)
        var radixPrefix = ""
        if body.count > 2, body.hasPrefix("0"), let marker = body.dropFirst().first, "xXob".contains(marker) {
            radixPrefix = String(body.prefix(2))
            body = body.dropFirst(2)
        }
        let integer = body.prefix { $0.isHexDigit && !("eE".contains($0) && every == 3) }
        let remainder = body.dropFirst(integer.count)
        var grouped = radixPrefix
        for (i, c) in integer.enumerated() {
            if i > 0, (integer.count - i) % every == 0 { grouped.append(separator) }
            grouped.append(c)
        }
        return sign + grouped + remainder
    }
}
