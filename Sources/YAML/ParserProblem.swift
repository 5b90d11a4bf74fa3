import Diagnostics

/// What libyaml reported when it stopped: its own problem and context texts and marks, before
/// they are reworded for people by `ParserProblem+Wording`.
struct ParserProblem: Error {
    enum Stage {
        /// Decoding bytes into characters: bad UTF-8/UTF-16, control characters.
        case reader
        /// Turning characters into tokens: quotes, indicators, tabs.
        case scanner
        /// Turning tokens into events: indentation, unterminated collections.
        case parser
        case memory
        case other
    }

    var stage: Stage
    var problem: String
    /// Absent for reader problems, which libyaml locates only by `byteOffset`.
    var problemMark: Mark?
    var context: String?
    var contextMark: Mark?
    var byteOffset: Int
    /// The offending byte or code point for reader problems, -1 when there is none.
    var value: Int

    /// The compiler-style diagnostic for this problem.
    func diagnostic(in source: SourceLocator) -> Diagnostic {
        switch stage {
        case .reader:
            return readerDiagnostic(in: source)
        case .memory:
            return .error(
                .limit, "out of memory while parsing YAML", at: Mark.synthetic(source.file),
                hint: "the file is too large to parse")
        case .scanner, .parser, .other:
            return syntaxDiagnostic(in: source)
        }
    }

    private func readerDiagnostic(in source: SourceLocator) -> Diagnostic {
        let utf8Hint = "save the file as UTF-8; it may be in Latin-1 or another legacy encoding"
        let byte = value >= 0 ? " 0x" + hex(value, width: 2) : ""
        switch problem {
        case "invalid leading UTF-8 octet":
            return encodingError(
                "invalid UTF-8: byte\(byte) cannot start a character", at: byteOffset, source, utf8Hint)
        case "invalid trailing UTF-8 octet":
            // libyaml points at the byte after the lead; the user's mistake is the lead byte.
            let lead = leadByteOffset(before: byteOffset, in: source.bytes)
            let leadByte = lead < source.bytes.count ? " 0x" + hex(Int(source.bytes[lead]), width: 2) : ""
            return encodingError(
                "invalid UTF-8: byte\(leadByte) starts a multi-byte character that is not completed",
                at: lead, source, utf8Hint)
        case "incomplete UTF-8 octet sequence":
            return encodingError(
                "invalid UTF-8: the input ends in the middle of a multi-byte character", at: byteOffset,
                source, utf8Hint)
        case "invalid length of a UTF-8 sequence":
            return encodingError(
                "invalid UTF-8: overlong encoding of a character", at: byteOffset, source, utf8Hint)
        case "invalid Unicode character":
            return encodingError(
                "invalid UTF-8: U+\(hex(value, width: 4)) is not a valid character", at: byteOffset,
                source, utf8Hint)
        case "control characters are not allowed":
            return encodingError(
                "control character U+\(hex(value, width: 4)) is not allowed in YAML", at: byteOffset,
                source,
                "remove it, or write it as an escape such as \"\\x\(hex(value, width: 2))\" inside a "
                    + "double-quoted string")
        case "input is too long":
            return .error(.limit, "the input is too long for the YAML parser", at: Mark.synthetic(source.file))
        default:
            // The UTF-16 problems: libyaml's wording already names the encoding.
            return encodingError(
                "invalid UTF-16: \(problem)", at: byteOffset, source,
                "save the file as UTF-8, or check that the UTF-16 byte-order mark matches the content")
        }
    }

    private func encodingError(_ message: String, at offset: Int, _ source: SourceLocator, _ hint: String)
        -> Diagnostic
    {
        .error(.encoding, message, at: source.mark(atByteOffset: offset), hint: hint)
    }

    /// Walks back over continuation bytes (10xxxxxx) to the byte that began the character.
    private func leadByteOffset(before offset: Int, in bytes: [UInt8]) -> Int {
        var index = min(offset, bytes.count) - 1
        var steps = 0
        while index > 0, steps < 3, bytes[index] & 0xC0 == 0x80 {
            index -= 1
            steps += 1
        }
        return max(index, 0)
    }

    private func hex(_ value: Int, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
