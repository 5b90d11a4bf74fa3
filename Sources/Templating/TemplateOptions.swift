/// How template text is turned into output: Jinja2's environment settings that Ansible's
/// `template` module exposes as arguments and as a `#jinja2:` first line in the file.
public struct TemplateOptions: Sendable, Hashable {
    /// Drop the first newline after a block or comment tag (Ansible: on).
    public var trimBlocks: Bool
    /// Strip spaces and tabs from the start of a line up to a block or comment tag (Ansible: off).
    public var lstripBlocks: Bool
    /// Keep a final newline of the template (Ansible: on).
    public var keepTrailingNewline: Bool
    /// What every line break of the template text becomes (Ansible: "\n").
    public var newlineSequence: String
    /// Backslashes in string literals inside `{{ }}` are plain characters: Ansible doubles
    /// them before Jinja2 reads a playbook string (its templar's escape_backslashes), so
    /// `{{ x | regex_replace('\\d', '') }}` means a literal backslash there, and `'\n'` two
    /// characters. Template files are read without it.
    var literalBackslashesInExpressions = false

    public init(
        trimBlocks: Bool = true, lstripBlocks: Bool = false, keepTrailingNewline: Bool = true,
        newlineSequence: String = "\n"
    ) {
        self.trimBlocks = trimBlocks
        self.lstripBlocks = lstripBlocks
        self.keepTrailingNewline = keepTrailingNewline
        self.newlineSequence = newlineSequence
    }

    static let overrideMarker = "#jinja2:"

    /// How Ansible's Jinja2 environment reads a file: the final line break is dropped, as
    /// Jinja2 does by default, and `preservingTrailingNewlines` puts back what the text had.
    static let ansibleFile: TemplateOptions = {
        var options = TemplateOptions()
        options.keepTrailingNewline = false
        return options
    }()

    /// Ansible's templar (preserve_trailing_newlines): the result ends in at least as many
    /// line breaks as the template text did, so `{% endfor %}` last in a file still ends a line
    /// but `{{ text_ending_in_newline }}` followed by one line break gives one, not two.
    static func preservingTrailingNewlines(_ result: String, of template: String, newline: String = "\n") -> String {
        let wanted = template.utf8.reversed().prefix { $0 == UInt8(ascii: "\n") }.count
        let present = result.utf8.reversed().prefix { $0 == UInt8(ascii: "\n") }.count
        return wanted > present ? result + String(repeating: newline, count: wanted - present) : result
    }

    /// Applies a `#jinja2: trim_blocks: False, lstrip_blocks: True` first line, as Ansible's
    /// template action does, and returns the options with the rest of the text. The values are
    /// Python literals (`True`, `False`, `'\r\n'`).
    func applyingOverrides(in text: String) throws(TemplateFailure) -> (TemplateOptions, body: String, skippedLines: Int) {
        guard text.hasPrefix(Self.overrideMarker) else { return (self, text, 0) }
        let lineEnd = text.firstIndex(of: "\n") ?? text.endIndex
        let line = text[text.index(text.startIndex, offsetBy: Self.overrideMarker.count)..<lineEnd]
        let body = lineEnd == text.endIndex ? "" : String(text[text.index(after: lineEnd)...])
        var options = self
        for pair in line.split(separator: ",") {
            guard let colon = pair.firstIndex(of: ":") else {
                throw .syntax("failed to parse the jinja2 override '\(line)'", at: 0)
            }
            let key = pair[..<colon].trimmingSpaces()
            let value = pair[pair.index(after: colon)...].trimmingSpaces()
            switch key {
            case "trim_blocks": options.trimBlocks = try Self.bool(value, key)
            case "lstrip_blocks": options.lstripBlocks = try Self.bool(value, key)
            case "keep_trailing_newline": options.keepTrailingNewline = try Self.bool(value, key)
            case "newline_sequence":
                switch value {
                case "'\\n'", "\"\\n\"": options.newlineSequence = "\n"
                case "'\\r\\n'", "\"\\r\\n\"": options.newlineSequence = "\r\n"
                case "'\\r'", "\"\\r\"": options.newlineSequence = "\r"
                default: throw .syntax("newline_sequence must be '\\n', '\\r\\n' or '\\r', not \(value)", at: 0)
                }
            default:
                throw .syntax("the jinja2 override '\(key)' is not supported", at: 0)
            }
        }
        return (options, body, 1)
    }

    private static func bool(_ literal: Substring, _ key: Substring) throws(TemplateFailure) -> Bool {
        switch literal {
        case "True": return true
        case "False": return false
        default: throw .syntax("\(key) must be True or False, not \(literal)", at: 0)
        }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        let start = firstIndex { $0 != " " && $0 != "\t" } ?? endIndex
        let end = lastIndex { $0 != " " && $0 != "\t" }.map(index(after:)) ?? start
        return self[start..<Swift.max(start, end)]
    }
}
