/// The records of CSV text as Python's `csv.reader` with the `excel` dialect reads them
/// (any one-character delimiter): `"` quotes a field, `""` inside quotes is one `"`, a quoted
/// field may hold delimiters and line breaks, text after a closing quote joins the field, and a
/// blank line is an empty record. Lines are those of Python's `str.splitlines`, as the codec
/// reader ansible-core wraps the file in hands them over.
struct CSVRecords {
    private enum State {
        case startRecord, startField, inField, inQuotedField, quoteInQuotedField, eatLineEnd
    }

    /// Python's `csv.field_size_limit()` default.
    static let fieldSizeLimit = 131_072
    /// Python sets no limit here; a file of nothing but delimiters would otherwise hold a
    /// field for every byte.
    static let fieldCountLimit = 100_000

    enum Problem: Error, Equatable {
        case fieldTooLarge
        case tooManyFields
        case lineBreakInUnquotedField

        var message: String {
            switch self {
            case .fieldTooLarge: "field larger than field limit (\(CSVRecords.fieldSizeLimit))"
            case .tooManyFields: "a record has more than \(CSVRecords.fieldCountLimit) fields"
            case .lineBreakInUnquotedField:
                "new-line character seen in unquoted field - do you need to open the file with newline=''?"
            }
        }
    }

    let delimiter: Character

    /// Every record, in order; `stop` may end the reading early (a match was found).
    func read(_ text: String, until stop: ([String]) throws(Problem) -> Bool) throws(Problem) {
        var state = State.startRecord
        var fields: [String] = []
        var field = ""
        var fieldLength = 0
        func save() throws(Problem) {
            guard fields.count < Self.fieldCountLimit else { throw .tooManyFields }
            fields.append(field)
            field = ""
            fieldLength = 0
        }
        func add(_ character: Character) throws(Problem) {
            fieldLength += 1
            guard fieldLength <= Self.fieldSizeLimit else { throw .fieldTooLarge }
            field.append(character)
        }
        // `nil` is the end of a line, which Python's reader is fed after each line.
        func process(_ character: Character?) throws(Problem) {
            let isLineBreak = character == "\n" || character == "\r"
            switch state {
            case .startRecord:
                if character == nil { break }
                if isLineBreak {
                    state = .eatLineEnd
                    break
                }
                state = .startField
                fallthrough
            case .startField:
                if character == nil || isLineBreak {
                    try save()
                    state = character == nil ? .startRecord : .eatLineEnd
                } else if character == "\"" {
                    state = .inQuotedField
                } else if character == delimiter {
                    try save()
                } else if let character {
                    try add(character)
                    state = .inField
                }
            case .inField:
                if character == nil || isLineBreak {
                    try save()
                    state = character == nil ? .startRecord : .eatLineEnd
                } else if character == delimiter {
                    try save()
                    state = .startField
                } else if let character {
                    try add(character)
                }
            case .inQuotedField:
                if character == "\"" {
                    state = .quoteInQuotedField
                } else if let character {
                    try add(character)
                }
            case .quoteInQuotedField:
                if character == "\"" {
                    try add("\"")
                    state = .inQuotedField
                } else if character == delimiter {
                    try save()
                    state = .startField
                } else if character == nil || isLineBreak {
                    try save()
                    state = character == nil ? .startRecord : .eatLineEnd
                } else if let character {
                    try add(character)
                    state = .inField
                }
            case .eatLineEnd:
                if character == nil {
                    state = .startRecord
                } else if !isLineBreak {
                    throw .lineBreakInUnquotedField
                }
            }
        }
        func endLine() throws(Problem) -> Bool {
            try process(nil)
            guard state == .startRecord else { return false }
            if try stop(fields) { return true }
            fields = []
            return false
        }
        var lineIsOpen = false
        for character in text {
            if character == "\r\n" {
                // Swift reads CR LF as one character; Python's reader sees the two.
                try process("\r")
                try process("\n")
            } else {
                try process(character)
            }
            lineIsOpen = !Self.lineBoundaries.contains(character)
            if !lineIsOpen, try endLine() { return }
        }
        if lineIsOpen, try endLine() { return }
        // A quoted field still open at the end of the text ends the last record.
        if fieldLength > 0 || state == .inQuotedField {
            try save()
            _ = try stop(fields)
        }
    }

    /// Where Python's `str.splitlines` ends a line (`\r\n` too, read by Swift as one character).
    static let lineBoundaries: Set<Character> = [
        "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{1C}", "\u{1D}", "\u{1E}", "\u{85}", "\u{2028}", "\u{2029}",
    ]
}
