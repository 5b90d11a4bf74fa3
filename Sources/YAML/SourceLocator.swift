import Diagnostics

/// Answers position questions about the raw input on the error path: where a byte offset sits
/// (libyaml reports encoding errors only as an offset) and which character is at a line and column
/// (to word an error by what the user actually typed there, e.g. a tab).
///
/// Lines and columns are counted the way libyaml counts them: `\r\n`, `\r`, `\n`, NEL, LS and PS
/// each end a line, and columns count characters, not bytes. A leading byte-order mark is skipped.
struct SourceLocator {
    let bytes: [UInt8]
    let file: String

    /// The mark of the character that contains `offset`.
    func mark(atByteOffset offset: Int) -> Mark {
        var line = 1
        var column = 1
        var index = byteOrderMarkLength
        let end = min(offset, bytes.count)
        while index < end {
            let breakLength = lineBreakLength(at: index)
            if breakLength > 0 {
                line += 1
                column = 1
                index += breakLength
            } else {
                column += 1
                index += characterLength(at: index)
            }
        }
        return Mark(file: file, line: line, column: column)
    }

    /// The character at a 1-based line and column, or nil past the end of the input or the line.
    func character(at mark: Mark) -> Unicode.Scalar? {
        guard let index = byteIndex(line: mark.line, column: mark.column), index < bytes.count,
            lineBreakLength(at: index) == 0
        else { return nil }
        let length = min(characterLength(at: index), bytes.count - index)
        let slice = bytes[index..<index + length]
        return String(decoding: slice, as: UTF8.self).unicodeScalars.first
    }

    /// The text of a 1-based line, without its line break.
    func line(_ number: Int) -> String? {
        guard let start = byteIndex(line: number, column: 1), start <= bytes.count else { return nil }
        var end = start
        while end < bytes.count, lineBreakLength(at: end) == 0 {
            end += characterLength(at: end)
        }
        return String(decoding: bytes[start..<min(end, bytes.count)], as: UTF8.self)
    }

    private func byteIndex(line: Int, column: Int) -> Int? {
        guard line >= 1, column >= 1 else { return nil }
        var index = byteOrderMarkLength
        var currentLine = 1
        while currentLine < line {
            guard index < bytes.count else { return nil }
            let breakLength = lineBreakLength(at: index)
            if breakLength > 0 {
                currentLine += 1
                index += breakLength
            } else {
                index += characterLength(at: index)
            }
        }
        var currentColumn = 1
        while currentColumn < column {
            guard index < bytes.count, lineBreakLength(at: index) == 0 else { return nil }
            index += characterLength(at: index)
            currentColumn += 1
        }
        return index
    }

    private var byteOrderMarkLength: Int {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// How many bytes the line break at `index` takes, 0 when there is none.
    private func lineBreakLength(at index: Int) -> Int {
        switch bytes[index] {
        case 0x0A: return 1
        case 0x0D: return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
        case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: return 2
        case 0xE2
        where index + 2 < bytes.count && bytes[index + 1] == 0x80
            && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
            return 3
        default: return 0
        }
    }

    /// The UTF-8 length announced by the lead byte; a stray byte counts as one character.
    private func characterLength(at index: Int) -> Int {
        let lead = bytes[index]
        let announced: Int
        switch lead {
        case 0xF0...0xF7: announced = 4
        case 0xE0...0xEF: announced = 3
        case 0xC0...0xDF: announced = 2
        default: return 1
        }
        var length = 1
        while length < announced, index + length < bytes.count, bytes[index + length] & 0xC0 == 0x80 {
            length += 1
        }
        return length
    }
}
