import Values

/// The subset of Python's `ast.literal_eval` that INI inventories rely on: Ansible passes every
/// INI value through it, so `x=1` is an int, `y=True` a bool, `z='1'` a string, `w=[1, 2]` a
/// list — and anything that is not a literal (`FALSE`, `01`, `a b`) stays the text it was.
struct PythonLiteral {
    /// Nested lists deeper than this are not a real inventory value; refusing keeps recursion shallow.
    static let maximumDepth = 32

    /// The value `text` denotes, or `nil` when Python would refuse it as a literal.
    static func evaluate(_ text: String) -> Value? {
        var parser = PythonLiteral(text)
        guard let value = parser.topLevel() else { return nil }
        return value
    }

    let scalars: [Unicode.Scalar]
    var position = 0

    private init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    func peek(_ offset: Int) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    /// An expression, or a bare tuple `1, 2` as Python's eval mode reads it, then only blanks
    /// and a comment.
    private mutating func topLevel() -> Value? {
        skipBlanks()
        guard let first = expression(depth: 0) else { return nil }
        skipBlanks()
        var value = first
        if current == "," {
            var items = [first]
            while current == "," {
                position += 1
                skipBlanks()
                if atEnd { break }
                guard let next = expression(depth: 0) else { return nil }
                items.append(next)
                skipBlanks()
            }
            value = .list(items)
        }
        // `Value` is nil-literal expressible: a bare `nil` here would become `.null`.
        return atEnd ? value : Optional.none
    }

    private var atEnd: Bool { current == nil }

    mutating func skipBlanks() {
        while let scalar = current {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                position += 1
            } else if scalar == "#" {
                while let next = current, next != "\n" { position += 1 }
            } else {
                return
            }
        }
    }

    private mutating func expression(depth: Int) -> Value? {
        guard depth < Self.maximumDepth, let scalar = current else { return nil }
        switch scalar {
        case "[": return sequence(closing: "]", depth: depth)
        case "(": return sequence(closing: ")", depth: depth)
        case "{": return braces(depth: depth)
        case "-", "+":
            position += 1
            skipBlanks()
            guard let operand = number() else { return nil }
            if scalar == "+" { return operand }
            switch operand {
            case .int(let value): return .int(-value)
            case .double(let value): return .double(-value)
            default: return nil
            }
        case "0"..."9", ".": return number()
        default:
            if stringOpening() != nil { return strings().map(Value.string) }
            return name()
        }
    }

    private mutating func name() -> Value? {
        var word = ""
        while let scalar = current, scalar.properties.isAlphabetic || scalar == "_" || ("0"..."9").contains(scalar) {
            word.unicodeScalars.append(scalar)
            position += 1
        }
        switch word {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return .null
        default: return nil
        }
    }

    /// `[a, b]` or `(a, b)`; tuples become lists, as they do once Ansible serialises them.
    private mutating func sequence(closing: Unicode.Scalar, depth: Int) -> Value? {
        position += 1
        var items: [Value] = []
        var sawComma = false
        skipBlanks()
        while current != closing {
            guard let item = expression(depth: depth + 1) else { return nil }
            items.append(item)
            skipBlanks()
            if current == "," {
                sawComma = true
                position += 1
                skipBlanks()
            } else if current != closing {
                return nil
            }
        }
        position += 1
        // `(1)` is just a parenthesised 1; only a comma makes a tuple.
        if closing == ")", items.count == 1, !sawComma { return items[0] }
        return .list(items)
    }

    /// `{k: v, …}` is a dict, `{a, b}` a set (kept as a list), `{}` an empty dict.
    private mutating func braces(depth: Int) -> Value? {
        position += 1
        skipBlanks()
        var dict = ValueDict()
        var set: [Value] = []
        var isDict: Bool?
        while current != "}" {
            guard let key = expression(depth: depth + 1) else { return nil }
            skipBlanks()
            if current == ":" {
                guard isDict != false, let keyText = Self.dictKey(key) else { return nil }
                isDict = true
                position += 1
                skipBlanks()
                guard let value = expression(depth: depth + 1) else { return nil }
                dict[keyText] = value
            } else {
                guard isDict != true else { return nil }
                isDict = false
                if !set.contains(key) { set.append(key) }
            }
            skipBlanks()
            if current == "," {
                position += 1
                skipBlanks()
            } else if current != "}" {
                return nil
            }
        }
        position += 1
        return isDict == false ? .list(set) : .dict(dict)
    }

    /// Variables are string-keyed; Python's other hashable keys are written as their text.
    private static func dictKey(_ key: Value) -> String? {
        switch key {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "True" : "False"
        case .double(let number): return String(number)
        case .null: return "None"
        case .list, .dict: return nil
        }
    }
}
