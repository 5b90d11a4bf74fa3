import Diagnostics

/// libyaml's problem texts name the grammar rule that failed ("did not find expected key");
/// people need to hear what they did wrong and how to fix it. This is the one place that
/// rewords them.
extension ParserProblem {
    func syntaxDiagnostic(in source: SourceLocator) -> Diagnostic {
        let mark = problemMark ?? contextMark ?? Mark.synthetic(source.file)
        var (message, hint) = reword(at: mark, in: source)
        if hint == nil || Self.problemsCausedByTemplates.contains(problem),
            let template = templateHint(at: mark, in: source)
        {
            hint = template
        }
        var notes: [Diagnostic.Note] = []
        // Where a plain scalar began says nothing useful about a tab further down.
        let isTabProblem = message == Self.tabIndentation.0
        if let context, let contextMark, contextMark != mark, !isTabProblem {
            notes.append(Diagnostic.Note(mark: contextMark, message: Self.contextNote(context)))
        }
        return .error(.syntax, message, at: mark, hint: hint, notes: notes)
    }

    private func reword(at mark: Mark, in source: SourceLocator) -> (String, String?) {
        switch problem {
        case "mapping values are not allowed in this context":
            return (
                "mapping values are not allowed here",
                "quote the value if it contains ': ' (key: \"a: b\"), or fix the indentation if this "
                    + "line was meant as a new key"
            )
        case "block sequence entries are not allowed in this context":
            return (
                "a '- ' list item is not allowed here",
                "start the list on its own line below the key, or quote the value if it begins with '- '"
            )
        case "mapping keys are not allowed in this context":
            return ("a '? ' key indicator is not allowed here", "quote the value if it begins with '? '")
        case "found character that cannot start any token":
            return unexpectedCharacter(at: mark, in: source)
        case "found a tab character that violates indentation",
            "found a tab character where an indentation space is expected":
            return Self.tabIndentation
        case "could not find expected ':'":
            return (
                "expected ':' after a mapping key",
                "every entry of a mapping is 'key: value'; add the missing ':' or remove the stray line"
            )
        case "did not find expected key":
            if isFirstOnItsLine(mark, in: source) {
                return (
                    "bad indentation: this line does not line up with the keys of the mapping",
                    "indent it exactly like the other keys, or further to nest it under a key"
                )
            }
            return (
                "unexpected text after a value",
                "quote the whole value, e.g. key: \"text with 'quotes' and more\""
            )
        case "did not find expected '-' indicator":
            return (
                "bad indentation: expected a '- ' list item lined up with the list",
                "indent it like the other '- ' items, or end the list before a new key"
            )
        case "did not find expected ',' or ']'":
            return (
                "unterminated flow list: expected ',' or ']'",
                "close the list with ']', or quote the value if '[' is meant literally"
            )
        case "did not find expected ',' or '}'":
            return (
                "unterminated flow mapping: expected ',' or '}'",
                "close the mapping with '}', or quote the value if '{' is meant literally"
            )
        case "found unexpected end of stream" where context?.contains("quoted scalar") == true:
            return ("unterminated quoted string", "add the closing quote")
        case "found unexpected document indicator":
            return (
                "unterminated quoted string: reached a '---' or '...' line",
                "add the closing quote before this line"
            )
        case "found unknown escape character":
            return (
                "unknown escape sequence in a double-quoted string",
                "write '\\\\' for a backslash, or use single quotes: 'C:\\path'"
            )
        case "did not find expected node content":
            return ("expected a value here", nil)
        case "did not find expected <document start>":
            return ("unexpected content after the end of the document", "start a new document with '---'")
        case "did not find expected alphabetic or numeric character":
            let indicator = context?.contains("anchor") == true ? "&" : "*"
            return (
                "'\(indicator)' must be followed by an anchor name",
                "quote the value if '\(indicator)' is meant literally, e.g. \"\(indicator).conf\""
            )
        case "found undefined tag handle":
            return ("undefined tag handle", "declare it with a %TAG directive, or quote the value")
        case "found an indentation indicator equal to 0":
            return ("a block scalar indentation indicator must be between 1 and 9", nil)
        case "did not find expected comment or line break":
            return ("unexpected text after a block scalar indicator", "start the text on the next line")
        case "did not find expected whitespace or line break":
            return ("a tag must be followed by a space", nil)
        case "found unexpected ':'":
            return (
                "':' is not allowed at the end of a plain value inside '[ ]' or '{ }'",
                "quote the value, or put a space after ':' to write 'key: value'"
            )
        case "found unknown directive name", "could not find expected directive name",
            "found unexpected non-alphabetical character":
            return (
                "a line that starts with '%' is a YAML directive, and this one is not valid",
                "quote the value if '%' is meant literally, or indent it under its key"
            )
        case "did not find expected hexdecimal number":
            return (
                "an escape such as \\x, \\u or \\U must be followed by hexadecimal digits",
                "write '\\\\' for a backslash, or use single quotes"
            )
        case "found invalid Unicode character escape code":
            return ("this escape does not name a valid Unicode character", nil)
        default:
            return (problem, nil)
        }
    }

    /// Problems that an unquoted `{{ … }}` on the line most likely caused.
    private static let problemsCausedByTemplates: Set<String> = [
        "did not find expected key", "did not find expected ',' or '}'",
        "mapping values are not allowed in this context",
    ]

    private static let tabIndentation = (
        "tab character in indentation", "YAML indentation must use spaces; replace the tab with spaces"
    )

    private func unexpectedCharacter(at mark: Mark, in source: SourceLocator) -> (String, String?) {
        guard let character = source.character(at: mark) else {
            return ("unexpected character", nil)
        }
        switch character {
        case "\t":
            return Self.tabIndentation
        case "@", "`":
            return (
                "'\(character)' is reserved in YAML and cannot start a plain value",
                "quote the value: \"\(character)…\""
            )
        default:
            return ("'\(character)' cannot start a value here", "quote the value")
        }
    }

    private func isFirstOnItsLine(_ mark: Mark, in source: SourceLocator) -> Bool {
        guard let line = source.line(mark.line) else { return true }
        let leading = line.unicodeScalars.prefix { $0 == " " || $0 == "\t" }.count
        return mark.column == leading + 1
    }

    /// `key: {{ var }} text` is the classic Ansible mistake: a value that starts with `{{`
    /// must be quoted, or YAML reads it as a flow mapping.
    private func templateHint(at mark: Mark, in source: SourceLocator) -> String? {
        guard source.line(mark.line)?.contains("{{") == true else { return nil }
        return "a value that starts with '{{' must be quoted: key: \"{{ var }} text\""
    }

    /// What the context mark points at, e.g. "the quoted string starts here".
    private static func contextNote(_ context: String) -> String {
        switch context {
        case "while scanning a simple key": return "the key starts here"
        case "while scanning a quoted scalar", "while parsing a quoted scalar":
            return "the quoted string starts here"
        case "while parsing a block mapping": return "the mapping starts here"
        case "while parsing a block collection": return "the list starts here"
        case "while parsing a flow sequence": return "the '[' that is not closed"
        case "while parsing a flow mapping": return "the '{' that is not closed"
        case "while scanning a block scalar": return "the block scalar starts here"
        case "while scanning a plain scalar": return "the value starts here"
        case "while scanning an alias": return "the alias starts here"
        case "while scanning an anchor": return "the anchor starts here"
        case "while scanning a tag", "while parsing a tag": return "the tag starts here"
        case "while scanning a directive", "while scanning a %YAML directive", "while scanning a %TAG directive":
            return "the directive starts here"
        default:
            let what = context.hasPrefix("while ") ? String(context.dropFirst(6)) : context
            return "while \(what) that starts here"
        }
    }
}
