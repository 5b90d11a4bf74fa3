import Values

/// Why a value does not fit an argument's type, worded to follow "argument 'x' of module 'y' …".
struct ConversionError: Error, Sendable {
    var message: String
    var hint: String?
}

/// Ansible's coercions for module arguments: the same value a playbook hands to an Ansible module
/// is accepted here and means the same thing (`"yes"` is true, `"1"` is 1, `"a,b"` is a list).
enum ArgumentConversion {
    /// Ansible's `BOOLEANS_TRUE` / `BOOLEANS_FALSE` as strings, compared case-insensitively.
    static let trueWords: Set<String> = ["y", "yes", "on", "1", "true", "t", "1.0"]
    static let falseWords: Set<String> = ["n", "no", "off", "0", "false", "f", "0.0"]

    /// Lists nested in lists nested in … are bounded like every other recursion on input.
    static let maximumDepth = 64

    static func bool(from value: Value) -> Bool? {
        switch value {
        case .bool(let b): return b
        case .int(let i) where i == 0 || i == 1: return i == 1
        case .double(let d) where d == 0 || d == 1: return d == 1
        case .string(let s):
            let word = s.trimmingSpaces().lowercased()
            if trueWords.contains(word) { return true }
            if falseWords.contains(word) { return false }
            return nil
        default: return nil
        }
    }

    static func convert(_ value: Value, to type: ArgumentType, depth: Int = 0) throws(ConversionError) -> Value {
        guard depth < maximumDepth else { throw ConversionError(message: "is nested too deeply") }
        switch type {
        case .raw:
            return value
        case .bool:
            guard let b = bool(from: value) else { throw mismatch(value, expected: type) }
            return .bool(b)
        case .int:
            return .int(try integer(from: value))
        case .float:
            switch value {
            case .double: return value
            case .int(let i): return .double(Double(i))
            case .string(let s):
                if let d = Double(s.trimmingSpaces()) { return .double(d) }
            default: break
            }
            throw mismatch(value, expected: type)
        case .string, .path:
            return .string(try text(from: value, expected: type))
        case .mode:
            return .string(try mode(from: value))
        case .list(let element):
            return .list(try list(from: value, element: element, depth: depth))
        case .dict:
            switch value {
            case .dict: return value
            case .string(let s): return .dict(try KeyValueText.dictionary(from: s))
            default: throw mismatch(value, expected: type)
            }
        }
    }

    static func integer(from value: Value) throws(ConversionError) -> Int {
        switch value {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9e18: return Int(d)
        case .string(let s):
            if let i = Int(s.trimmingSpaces()) { return i }
        default: break
        }
        throw mismatch(value, expected: .int)
    }

    /// Scalars become strings as Python's `str()` writes them; lists and dicts are refused
    /// because their Python spelling is never what a user means by a name or a path.
    static func text(from value: Value, expected: ArgumentType) throws(ConversionError) -> String {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return JSON.format(double: d)
        case .bool(let b): return b ? "True" : "False"
        case .null, .list, .dict: throw mismatch(value, expected: expected)
        }
    }

    static func mode(from value: Value) throws(ConversionError) -> String {
        switch value {
        case .string(let s):
            guard let mode = FileMode(parsing: s) else {
                throw ConversionError(
                    message: "must be an octal mode such as '0644', a symbolic mode such as 'u=rw,g=r,o=r' or 'preserve', got '\(s)'")
            }
            return mode.canonicalText
        case .int(let i):
            throw ConversionError(
                message: "must be a quoted octal string, got the number \(i)",
                hint: "write the mode as a quoted string, e.g. mode: \"0644\"")
        default:
            throw mismatch(value, expected: .mode)
        }
    }

    /// A comma-separated string is a list, as in Ansible (`name: "curl,git"`).
    static func list(from value: Value, element: ArgumentType, depth: Int) throws(ConversionError) -> [Value] {
        let items: [Value]
        switch value {
        case .list(let l): items = l
        case .string(let s):
            items = s.isEmpty ? [] : s.split(separator: ",", omittingEmptySubsequences: false)
                .map { .string(String($0).trimmingSpaces()) }
        case .int, .double, .bool: items = [value]
        case .null, .dict: throw mismatch(value, expected: .list(element))
        }
        var converted: [Value] = []
        for item in items {
            converted.append(try convert(item, to: element, depth: depth + 1))
        }
        return converted
    }

    static func mismatch(_ value: Value, expected: ArgumentType) -> ConversionError {
        let article = expected.displayName.first.map { "aeiou".contains($0) } == true ? "an" : "a"
        return ConversionError(message: "must be \(article) \(expected.displayName), got \(describe(value))")
    }

    static func describe(_ value: Value) -> String {
        switch value {
        case .string(let s): return "'\(s.count > 60 ? String(s.prefix(57)) + "..." : s)'"
        case .int(let i): return "the number \(i)"
        case .double(let d): return "the number \(JSON.format(double: d))"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "nothing"
        case .list: return "a list"
        case .dict: return "a dictionary"
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" || first == "\n" || first == "\r" {
            scalars = scalars.dropFirst()
        }
        while let last = scalars.last, last == " " || last == "\t" || last == "\n" || last == "\r" {
            scalars = scalars.dropLast()
        }
        return String(scalars)
    }
}
