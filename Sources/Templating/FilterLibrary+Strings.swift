import Values

extension FilterLibrary {
    static let stringFilters: [String: FilterFunction] = [
        // Jinja2's string filters convert their input with str() first: `2.5 | lower` is "2.5".
        "lower": { call throws(TemplateFailure) in .string(call.input.pythonString.lowercased()) },
        "upper": { call throws(TemplateFailure) in .string(call.input.pythonString.uppercased()) },
        "capitalize": { call throws(TemplateFailure) in .string(PythonStrings.capitalize(call.input.pythonString)) },
        "title": { call throws(TemplateFailure) in .string(PythonStrings.title(call.input.pythonString)) },
        "trim": { call throws(TemplateFailure) in
            .string(PythonStrings.strip(call.input.pythonString, characters: try optionalString(call, 0, "chars")))
        },
        "replace": { call throws(TemplateFailure) in
            let old = try call.string(0, "old")
            let new = try call.string(1, "new")
            return .string(try BuildBounds.replace(call.input.pythonString, old, new, count: try call.int(2, "count", default: -1), at: call.offset))
        },
        "split": { call throws(TemplateFailure) in
            let separator = try optionalString(call, 0, "sep")
            return .list(PythonStrings.split(try call.inputString, separator: separator, maxSplit: try call.int(1, "maxsplit", default: -1)).map(Value.string))
        },
        "join": { call throws(TemplateFailure) in
            // Jinja2 makes any separator text: `[1, 2] | join(0)` is '102'.
            let separator = call.argument(0, "d")?.pythonString ?? ""
            var items = try call.inputItems
            if let attribute = call.argument(1, "attribute")?.stringValue {
                items = items.map { call.attribute(attribute, of: $0) ?? .string("") }
            }
            return .string(try BuildBounds.join(items.map(\.pythonString), separator: separator, at: call.offset))
        },
        "indent": { call throws(TemplateFailure) in
            let indentation: String
            if case .string(let text)? = call.argument(0, "width") {
                indentation = text
            } else {
                indentation = String(repeating: " ", count: max(0, try BuildBounds.width(call.int(0, "width", default: 4), at: call.offset)))
            }
            let text = call.input.pythonString
            // Every line may get the indentation: refuse a result too large before building it.
            let lines = text.utf8.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            try BuildBounds.check(
                projected: BuildBounds.sum(text.utf8.count, BuildBounds.product(lines, indentation.utf8.count)), "indent",
                at: call.offset)
            return .string(indent(text, indentation, first: call.bool(1, "first", default: false), blank: call.bool(2, "blank", default: false)))
        },
        "format": { call throws(TemplateFailure) in
            .string(try PythonFormat.percent(call.input.pythonString, arguments: call.positional, keywords: call.keywords, at: call.offset))
        },
        "quote": { call throws(TemplateFailure) in .string(shellQuote(call.input.isNull ? "" : call.input.pythonString)) },
        "basename": { call throws(TemplateFailure) in
            let path = try call.inputString
            return .string(String(path[(path.lastIndex(of: "/").map(path.index(after:)) ?? path.startIndex)...]))
        },
        "dirname": { call throws(TemplateFailure) in .string(dirname(try call.inputString)) },
        "splitext": { call throws(TemplateFailure) in
            let path = try call.inputString
            let base = path[(path.lastIndex(of: "/").map(path.index(after:)) ?? path.startIndex)...]
            let stem = base.drop { $0 == "." }
            guard let dot = stem.lastIndex(of: ".") else { return .list([.string(path), .string("")]) }
            return .list([.string(String(path[..<dot])), .string(String(path[dot...]))])
        },
        "path_join": { call throws(TemplateFailure) in
            let parts = (call.input.listValue ?? [call.input]).map(\.pythonString)
            var joined = ""
            for part in parts {
                if part.hasPrefix("/") || joined.isEmpty { joined = part } else { joined += (joined.hasSuffix("/") ? "" : "/") + part }
            }
            return .string(joined)
        },
        "regex_escape": { call throws(TemplateFailure) in
            // Python's re.escape, or only the characters special in a POSIX basic expression.
            let special: String
            switch try call.string(0, "re_type", default: "python") {
            case "python": special = "()[]{}?*+-|^$\\.&~# \t\n\r\u{0B}\u{0C}"
            case "posix_basic": special = "].[^$*\\"
            case "posix_extended": throw call.fail("Regex type (posix_extended) not yet implemented")
            case let other: throw call.fail("Invalid regex type (\(other))")
            }
            var out = ""
            for c in call.input.pythonString {
                if special.contains(c) { out.append("\\") }
                out.append(c)
            }
            return .string(out)
        },
        "e": { call throws(TemplateFailure) in .string(htmlEscape(call.input.pythonString)) },
        "escape": { call throws(TemplateFailure) in .string(htmlEscape(call.input.pythonString)) },
        "safe": { call throws(TemplateFailure) in call.input },
        "urlencode": { call throws(TemplateFailure) in
            if case .dict(let dict) = call.input {
                return .string(dict.map { "\(urlQuote($0.key, query: true))=\(urlQuote($0.value.pythonString, query: true))" }.joined(separator: "&"))
            }
            return .string(urlQuote(call.input.pythonString, query: false))
        },
        "center": { call throws(TemplateFailure) in
            let s = call.input.pythonString
            let width = try BuildBounds.width(call.int(0, "width", default: 80), at: call.offset)
            let missing = max(0, width - s.count)
            // Python's str.center puts the odd space on the left when the width is odd.
            let left = missing / 2 + (missing & width & 1)
            return .string(String(repeating: " ", count: left) + s + String(repeating: " ", count: missing - left))
        },
    ]

    /// A string argument that may be left out or given as `none`.
    static func optionalString(_ call: FilterCall, _ position: Int, _ keyword: String) throws(TemplateFailure) -> String? {
        guard let value = call.argument(position, keyword), !value.isNull else { return nil }
        guard case .string(let s) = value else { throw call.fail("argument '\(keyword)' must be a string, got \(value.typeName)") }
        return s
    }

    /// Jinja2's `indent`, including its treatment of blank lines and the trailing newline.
    static func indent(_ text: String, _ indentation: String, first: Bool, blank: Bool) -> String {
        var lines = (text + "\n").split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        lines.removeLast()  // splitlines() drops the piece after the final line break
        var out: String
        if blank {
            out = lines.joined(separator: "\n" + indentation)
        } else {
            out = lines.isEmpty ? "" : lines.removeFirst()
            if !lines.isEmpty {
                out += "\n" + lines.map { $0.isEmpty ? $0 : indentation + $0 }.joined(separator: "\n")
            }
        }
        return first ? indentation + out : out
    }

    /// Python's `shlex.quote`: safe words stay bare, anything else is single-quoted.
    static func shellQuote(_ s: String) -> String {
        if s.isEmpty { return "''" }
        let safe = s.unicodeScalars.allSatisfy { c in
            c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || "@%+=:,./-_".unicodeScalars.contains(c))
        }
        if safe { return s }
        return "'" + s.replacing("'", with: "'\"'\"'") + "'"
    }

    /// `os.path.dirname`: trailing slashes of the head are removed unless it is all slashes.
    static func dirname(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        let head = path[...slash]
        if head.allSatisfy({ $0 == "/" }) { return String(head) }
        return String(head.reversed().drop { $0 == "/" }.reversed())
    }

    static func htmlEscape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static func urlQuote(_ s: String, query: Bool) -> String {
        var out = ""
        for byte in s.utf8 {
            let c = Unicode.Scalar(byte)
            if c.properties.isAlphabetic && c.isASCII || ("0"..."9").contains(c) || "_.-~".unicodeScalars.contains(c) || (!query && c == "/") {
                out.unicodeScalars.append(c)
            } else if query && c == " " {
                out += "+"
            } else {
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
