import Values

extension FilterLibrary {
    /// Text layout filters: Ansible's `comment` and Jinja2's `wordwrap`, `truncate`, `wordcount`.
    static let textFilters: [String: FilterFunction] = [
        "comment": { call throws(TemplateFailure) in try comment(call) },
        "wordwrap": { call throws(TemplateFailure) in
            let width = try call.int(0, "width", default: 79)
            guard width > 0 else { throw call.fail("invalid width \(width) (must be > 0)") }
            let breakLong = call.bool(1, "break_long_words", default: true)
            let separator = call.argument(2, "wrapstring")?.stringValue ?? "\n"
            let breakHyphens = call.bool(3, "break_on_hyphens", default: true)
            let text = try call.inputString
            // Every character may start a line: the separator can repeat that often.
            try BuildBounds.check(projected: BuildBounds.product(text.utf8.count, separator.utf8.count + 1), "wordwrap", at: call.offset)
            return .string(wordWrap(text, width: width, breakLongWords: breakLong,
                                    breakOnHyphens: breakHyphens, separator: separator))
        },
        "truncate": { call throws(TemplateFailure) in
            let text = try call.inputString
            let length = try call.int(0, "length", default: 255)
            let killWords = call.bool(1, "killwords", default: false)
            let end = call.argument(2, "end")?.stringValue ?? "..."
            let leeway = try call.int(3, "leeway", default: 5)
            guard length >= end.count else { throw call.fail("expected length >= \(end.count), got \(length)") }
            guard leeway >= 0 else { throw call.fail("expected leeway >= 0, got \(leeway)") }
            if text.count <= BuildBounds.sum(length, leeway) { return .string(text) }
            if killWords { return .string(String(text.prefix(length - end.count)) + end) }
            var kept = String(text.prefix(length - end.count))
            if let space = kept.lastIndex(of: " ") { kept = String(kept[..<space]) } else { kept = "" }
            return .string(kept + end)
        },
        "wordcount": { call throws(TemplateFailure) in
            .int(call.input.pythonString.split { !($0.isLetter || $0.isNumber || $0 == "_") }.count)
        },
    ]

    /// Ansible's `comment`: a style gives the beginning, decoration and end; any of them, the
    /// prefix and postfix lines and their counts can be overridden by keyword.
    private static func comment(_ call: FilterCall) throws(TemplateFailure) -> Value {
        let style = call.argument(0, "style")?.pythonString ?? "plain"
        let styles: [String: [String: String]] = [
            "plain": ["decoration": "# "], "erlang": ["decoration": "% "], "c": ["decoration": "// "],
            "cblock": ["beginning": "/*", "decoration": " * ", "end": " */"],
            "xml": ["beginning": "<!--", "decoration": " - ", "end": "-->"],
        ]
        guard let styleParameters = styles[style] else { throw call.fail("unknown comment style '\(style)'") }
        let decorationForEnds = call.keywords["decoration"]?.pythonString ?? styleParameters["decoration"] ?? ""
        let trimmedEnds = PythonStrings.strip(decorationForEnds, characters: nil, leading: false)
        var p: [String: String] = [
            "newline": "\n", "beginning": "", "prefix": trimmedEnds, "decoration": "", "postfix": trimmedEnds, "end": "",
        ]
        p.merge(styleParameters) { _, new in new }
        var prefixCount = 1
        var postfixCount = 1
        for (key, value) in call.keywords {
            switch key {
            case "prefix_count": prefixCount = try BuildBounds.width(Interpreter.integerIndex(value) ?? 1, at: call.offset)
            case "postfix_count": postfixCount = try BuildBounds.width(Interpreter.integerIndex(value) ?? 1, at: call.offset)
            default: p[key] = value.pythonString
            }
        }
        let newline = p["newline"] ?? "\n"
        let decoration = p["decoration"] ?? ""
        let text = call.input.pythonString
        var out = ""
        if let beginning = p["beginning"], !beginning.isEmpty { out += beginning + newline }
        if let prefix = p["prefix"], !prefix.isEmpty {
            out += String(repeating: prefix == newline ? newline : prefix + newline, count: max(0, prefixCount))
        }
        let lines = PythonStrings.count(text, newline) + 1
        let projected = BuildBounds.sum(
            BuildBounds.product(lines, decoration.utf8.count + newline.utf8.count + 1),
            BuildBounds.product(prefixCount + postfixCount + 2, (p["prefix"] ?? "").utf8.count + (p["postfix"] ?? "").utf8.count + newline.utf8.count))
        try BuildBounds.check(projected: BuildBounds.sum(projected, text.utf8.count), "comment", at: call.offset)
        let decorated = decoration + PythonStrings.replace(text, newline, newline + decoration)
        let bareDecoration = PythonStrings.strip(decoration, characters: nil, leading: false)
        out += PythonStrings.replace(decorated, decoration + newline, bareDecoration + newline)
        out += ([""] + Array(repeating: p["postfix"] ?? "", count: max(0, postfixCount))).joined(separator: newline)
        if let end = p["end"], !end.isEmpty { out += newline + end }
        return .string(out)
    }

    /// Python's textwrap as Jinja2's `wordwrap` uses it: paragraphs split on newlines, each
    /// wrapped on whitespace (and after hyphens), long words broken unless told not to.
    static func wordWrap(_ text: String, width: Int, breakLongWords: Bool, breakOnHyphens: Bool, separator: String)
        -> String
    {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var chunks: [String] = []
            for word in paragraph.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                chunks.append(contentsOf: breakOnHyphens ? hyphenChunks(String(word)) : [String(word)])
                chunks.append(" ")
            }
            if !chunks.isEmpty { chunks.removeLast() }
            var current = ""
            var produced: [String] = []
            var index = 0
            while index < chunks.count {
                let chunk = chunks[index]
                if current.isEmpty && chunk == " " { index += 1; continue }
                if current.count + chunk.count <= width {
                    current += chunk
                    index += 1
                } else if chunk != " " && chunk.count > width && current.count < width && (breakLongWords || current.isEmpty) {
                    if breakLongWords {
                        let room = width - current.count
                        current += chunk.prefix(room)
                        chunks[index] = String(chunk.dropFirst(room))
                    } else {
                        current += chunk
                        index += 1
                    }
                    produced.append(trailingTrimmed(current))
                    current = ""
                } else {
                    if current.isEmpty { current = chunk; index += 1 }
                    produced.append(trailingTrimmed(current))
                    current = ""
                }
            }
            if !trailingTrimmed(current).isEmpty { produced.append(trailingTrimmed(current)) }
            lines.append(contentsOf: produced)
        }
        return lines.joined(separator: separator)
    }

    private static func trailingTrimmed(_ text: String) -> String {
        PythonStrings.strip(text, characters: nil, leading: false)
    }

    /// `well-known` wraps as `well-` + `known`, as textwrap's hyphen rule allows.
    private static func hyphenChunks(_ word: String) -> [String] {
        var parts: [String] = []
        var current = ""
        let characters = Array(word)
        for (i, c) in characters.enumerated() {
            current.append(c)
            if c == "-", i > 0, i + 1 < characters.count, characters[i - 1].isLetter, characters[i + 1].isLetter {
                parts.append(current)
                current = ""
            }
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }
}
