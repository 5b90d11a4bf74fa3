import Values

extension FilterLibrary {
    /// Jinja2's HTML and display filters that roles use in templates: tojson, forceescape,
    /// xmlattr, filesizeformat and pprint.
    static let markupFilters: [String: FilterFunction] = [
        // json.dumps with sorted keys, then <, >, & and ' written as \u escapes (htmlsafe_json_dumps).
        "tojson": { call throws(TemplateFailure) in
            let indent = call.argument(0, "indent").flatMap(Interpreter.integerIndex)
            var text = JSON.serialize(call.input, pretty: indent != nil, sortKeys: true, indent: indent ?? 4, ensureASCII: true)
            for (character, escaped) in [("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")] {
                text = PythonStrings.replace(text, character, escaped)
            }
            return .string(text)
        },
        "forceescape": { call throws(TemplateFailure) in .string(htmlEscape(call.input.pythonString)) },
        "xmlattr": { call throws(TemplateFailure) in
            let autospace = call.bool(0, "autospace", default: true)
            var parts: [String] = []
            for (key, value) in try call.inputDict where !value.isNull {
                guard !key.contains(where: { " /\t\n>=".contains($0) }) else {
                    throw call.fail("Invalid character in attribute name: '\(key)'")
                }
                parts.append("\(htmlEscape(key))=\"\(htmlEscape(value.pythonString))\"")
            }
            let text = parts.joined(separator: " ")
            return .string(autospace && !text.isEmpty ? " " + text : text)
        },
        "filesizeformat": { call throws(TemplateFailure) in
            guard let bytes = PythonSemantics.number(call.input)?.asDouble ?? Double(call.input.pythonString) else {
                throw call.typeFailure("a number")
            }
            let binary = call.bool(0, "binary", default: false)
            let base = binary ? 1024.0 : 1000.0
            let prefixes = binary
                ? ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"] : ["kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"]
            if bytes == 1 { return "1 Byte" }
            if bytes < base { return .string("\(Int(bytes)) Bytes") }
            var unit = base
            for prefix in prefixes {
                unit *= base
                if bytes < unit || prefix == prefixes.last {
                    return .string(CNumberFormat.format("%.1f", base * bytes / unit) + " " + prefix)
                }
            }
            return .string("\(bytes)")
        },
        // pprint.pformat: the repr, dict keys sorted; short values fit one line.
        "pprint": { call throws(TemplateFailure) in .string(sortedRepr(call.input)) },
        "striptags": { call throws(TemplateFailure) in .string(stripTags(call.input.pythonString)) },
    ]

    /// MarkupSafe's `striptags`: comments and tags out (an unclosed one ends the search),
    /// whitespace runs to one space, then entities back to characters.
    static func stripTags(_ text: String) -> String {
        var kept = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "<") {
            let isComment = rest[open...].hasPrefix("<!--")
            let closing = isComment ? rest[rest.index(open, offsetBy: 4)...].firstRange(of: "-->")?.upperBound
                : rest[open...].firstIndex(of: ">").map { rest.index(after: $0) }
            guard let closing else { break }
            kept += rest[..<open]
            rest = rest[closing...]
        }
        kept += rest
        let collapsed = kept.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return htmlUnescape(collapsed)
    }

    /// `html.unescape` for the entities generated markup uses: the XML five, `&nbsp;` and
    /// numeric references.
    static func htmlUnescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let named: [Substring: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]
        var out = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semicolon = after.prefix(12).firstIndex(of: ";") {
                let name = after[..<semicolon]
                var replacement: String?
                if let character = named[name] {
                    replacement = character
                } else if name.hasPrefix("#") {
                    let digits = name.dropFirst()
                    let code = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                    replacement = code.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                }
                if let replacement {
                    out += replacement
                    rest = after[after.index(after: semicolon)...]
                    continue
                }
            }
            out += "&"
            rest = after
        }
        return out + rest
    }

    private static func sortedRepr(_ value: Value) -> String {
        switch value {
        case .dict(let dict):
            let items = dict.keys.sorted().map { "\(Value.string($0).pythonRepr): \(sortedRepr(dict[$0] ?? .null))" }
            return "{" + items.joined(separator: ", ") + "}"
        case .list(let items): return "[" + items.map(sortedRepr).joined(separator: ", ") + "]"
        default: return value.pythonRepr
        }
    }
}
