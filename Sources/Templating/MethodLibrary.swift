import Diagnostics
import Values

/// Methods of Python's `str`, `dict` and `list` that playbooks call inside expressions:
/// `name.split(',')`, `path.endswith('.conf')`, `result.get('rc', 0)`, `d.items()`.
enum MethodLibrary {
    static let stringMethods = [
        "split", "rsplit", "strip", "lstrip", "rstrip", "lower", "upper", "title", "capitalize",
        "startswith", "endswith", "replace", "format", "join", "find", "rfind", "index", "count",
        "isdigit", "isalpha", "isalnum", "isspace", "islower", "isupper", "splitlines", "zfill",
        "ljust", "rjust", "center", "swapcase", "istitle", "partition", "rpartition", "casefold", "removeprefix",
        "removesuffix", "isnumeric", "isdecimal", "expandtabs",
    ]
    static let dictMethods = ["keys", "values", "items", "get"]
    static let listMethods = ["index", "count"]

    static func call(_ name: String, on value: Value, positional: [Value], keywords: ValueDict, at offset: Int)
        throws(TemplateFailure) -> Value
    {
        func arg(_ i: Int, _ keyword: String) -> Value? {
            keywords[keyword] ?? (i < positional.count ? positional[i] : Optional<Value>.none)
        }
        func string(_ i: Int, _ keyword: String) throws(TemplateFailure) -> String? {
            guard let v = arg(i, keyword), !v.isNull else { return nil }
            guard case .string(let s) = v else { throw .type("\(name)() argument must be str, not \(v.typeName)", at: offset) }
            return s
        }
        func int(_ i: Int, _ keyword: String, _ fallback: Int) -> Int {
            arg(i, keyword).flatMap(Interpreter.integerIndex) ?? fallback
        }
        switch value {
        case .string(let s):
            switch name {
            case "split": return .list(PythonStrings.split(s, separator: try string(0, "sep"), maxSplit: int(1, "maxsplit", -1)).map(Value.string))
            case "rsplit": return .list(PythonStrings.rsplit(s, separator: try string(0, "sep"), maxSplit: int(1, "maxsplit", -1)).map(Value.string))
            case "strip": return .string(PythonStrings.strip(s, characters: try string(0, "chars")))
            case "lstrip": return .string(PythonStrings.strip(s, characters: try string(0, "chars"), trailing: false))
            case "rstrip": return .string(PythonStrings.strip(s, characters: try string(0, "chars"), leading: false))
            case "lower": return .string(s.lowercased())
            case "upper": return .string(s.uppercased())
            case "title": return .string(PythonStrings.pythonTitle(s))
            case "capitalize": return .string(PythonStrings.capitalize(s))
            case "casefold": return .string(s.lowercased())
            case "isnumeric", "isdecimal": return .bool(!s.isEmpty && s.allSatisfy(\.isNumber))
            case "istitle": return .bool(PythonStrings.isTitle(s))
            case "removeprefix", "removesuffix":
                let affix = try string(0, name == "removeprefix" ? "prefix" : "suffix") ?? ""
                if affix.isEmpty { return .string(s) }
                if name == "removeprefix" { return .string(s.hasPrefix(affix) ? String(s.dropFirst(affix.count)) : s) }
                return .string(s.hasSuffix(affix) ? String(s.dropLast(affix.count)) : s)
            case "partition", "rpartition":
                // A tuple in Python; a list here, which indexes and unpacks the same way.
                guard let separator = try string(0, "sep"), !separator.isEmpty else { throw .type("empty separator", at: offset) }
                let found = name == "partition" ? PythonStrings.firstRange(of: separator, in: s[...]) : PythonStrings.lastRange(of: separator, in: s[...])
                guard let found else {
                    return .list(name == "partition" ? [.string(s), "", ""] : ["", "", .string(s)])
                }
                return .list([.string(String(s[..<found.lowerBound])), .string(separator), .string(String(s[found.upperBound...]))])
            case "swapcase": return .string(String(s.map { $0.isUppercase ? Character($0.lowercased()) : Character($0.uppercased()) }))
            case "startswith", "endswith":
                let candidates: [Value] = arg(0, "prefix").map { if case .list(let l) = $0 { l } else { [$0] } } ?? []
                let check: (String) -> Bool = name == "startswith" ? { s.hasPrefix($0) } : { s.hasSuffix($0) }
                return .bool(candidates.contains { $0.stringValue.map(check) ?? false })
            case "replace":
                guard let old = try string(0, "old"), let new = try string(1, "new") else {
                    throw .type("replace() takes two string arguments", at: offset)
                }
                return .string(try BuildBounds.replace(s, old, new, count: int(2, "count", -1), at: offset))
            case "format":
                return .string(try PythonFormat.braces(s, arguments: positional, keywords: keywords, at: offset))
            case "join":
                guard case .list(let items) = arg(0, "iterable") ?? .null else { throw .type("join() takes a list", at: offset) }
                return .string(try BuildBounds.join(items.map(\.pythonString), separator: s, at: offset))
            case "find", "index":
                let found = PythonStrings.find(s, try string(0, "sub") ?? "")
                if found < 0, name == "index" { throw .type("substring not found", at: offset) }
                return .int(found)
            case "rfind": return .int(PythonStrings.find(s, try string(0, "sub") ?? "", fromEnd: true))
            case "count": return .int(PythonStrings.count(s, try string(0, "sub") ?? ""))
            case "isdigit": return .bool(!s.isEmpty && s.allSatisfy(\.isNumber))
            case "isalpha": return .bool(!s.isEmpty && s.allSatisfy(\.isLetter))
            case "isalnum": return .bool(!s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber })
            case "isspace": return .bool(!s.isEmpty && s.allSatisfy(\.isWhitespace))
            case "islower": return .bool(s.contains(where: \.isLowercase) && !s.contains(where: \.isUppercase))
            case "isupper": return .bool(s.contains(where: \.isUppercase) && !s.contains(where: \.isLowercase))
            case "splitlines": return .list(splitLines(s, keepEnds: arg(0, "keepends")?.isTruthy ?? false).map(Value.string))
            case "expandtabs": return .string(try expandTabs(s, size: int(0, "tabsize", 8), at: offset))
            case "zfill":
                return .string(PythonFormat.pad(s, width: try BuildBounds.width(int(0, "width", 0), at: offset), left: false, zero: true))
            case "ljust", "rjust", "center":
                let width = try BuildBounds.width(int(0, "width", 0), at: offset)
                let fill = try string(1, "fillchar") ?? " "
                let missing = max(0, width - s.count)
                let left = name == "ljust" ? 0 : name == "rjust" ? missing : missing / 2
                return .string(String(repeating: fill, count: left) + s + String(repeating: fill, count: missing - left))
            default: break
            }
        case .dict(let dict):
            switch name {
            case "keys": return .list(dict.keys.map(Value.string))
            case "values": return .list(dict.values)
            case "items": return .list(dict.map { .list([.string($0.key), $0.value]) })
            case "get":
                guard let key = arg(0, "key") else { throw .type("get() takes a key", at: offset) }
                return dict[key.pythonString] ?? arg(1, "default") ?? .null
            default: break
            }
        case .list(let items):
            switch name {
            case "index":
                guard let needle = arg(0, "value"), let i = items.firstIndex(where: { PythonSemantics.equal($0, needle) }) else {
                    throw .type("value is not in list", at: offset)
                }
                return .int(i)
            case "count":
                guard let needle = arg(0, "value") else { throw .type("count() takes a value", at: offset) }
                return .int(items.filter { PythonSemantics.equal($0, needle) }.count)
            default: break
            }
        default:
            break
        }
        let known: [String]
        switch value {
        case .string: known = stringMethods
        case .dict: known = dictMethods
        case .list: known = listMethods
        default: known = []
        }
        throw TemplateFailure(
            .typeError, "'\(value.typeName)' object has no method '\(name)'", at: offset,
            hint: Suggestion.didYouMean(name, in: known))
    }
}

extension MethodLibrary {
    /// `str.splitlines`: a line break (`\r\n` counting as one) ends a line, and no empty line
    /// follows a final break; `keepends` keeps each break with its line.
    static func splitLines(_ s: String, keepEnds: Bool) -> [String] {
        var lines: [String] = []
        var current = ""
        for character in s {
            if character.isNewline {
                if keepEnds { current.append(character) }
                lines.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// `str.expandtabs`: each tab becomes the spaces up to the next multiple of `size` columns,
    /// counted from the last line break.
    static func expandTabs(_ s: String, size: Int, at offset: Int) throws(TemplateFailure) -> String {
        let size = try BuildBounds.width(size, at: offset)
        var out = ""
        var column = 0
        for character in s {
            if character == "\t" {
                let spaces = size > 0 ? size - column % size : 0
                try BuildBounds.check(projected: BuildBounds.sum(out.utf8.count, spaces), "expandtabs", at: offset)
                out += String(repeating: " ", count: spaces)
                column += spaces
            } else {
                out.append(character)
                column = character.isNewline ? 0 : column + 1
            }
        }
        return out
    }
}
