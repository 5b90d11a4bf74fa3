/// The text a host receives for a module program: what the shell reads of it and nothing more.
///
/// Every host parses every program it is sent, once per task; a third of the source is comments
/// and indentation, which cost the target's shell time to read and the connection bytes to send.
/// Slimming drops comment-only and blank lines and the indentation of lines that start outside
/// every quote, substitution and here-document (``ShellLineScanner`` decides which). Everything
/// else keeps every byte: here-document bodies, multi-line strings (awk and sed programs),
/// lines continued from the one before, and every comment after code, since a `#` inside a
/// word is no comment and telling them apart is not worth the risk.
public enum ProgramSlimmer {
    /// Comments the slim text keeps: the shell ignores them, but the lint that checks the
    /// embedded programs reads them and applies each one to the command after it.
    public static let keptCommentPrefixes: [String] = ["# shellcheck "]

    public static func slim(_ text: String) -> String {
        let lines = ShellLineScanner.lines(of: Array(text.utf8))
        let kinds = ShellLineScanner.classify(lines: lines)
        let kept = keptComments
        var slim: [UInt8] = []
        slim.reserveCapacity(text.utf8.count)
        for (index, line) in lines.enumerated() {
            let trimmed = line.drop(while: \.isBlank)
            switch kinds[index] {
            case .protected:
                slim += line
            case .code:
                slim += trimmed
            case .blank:
                continue
            case .comment:
                if index == 0 && line.starts(with: "#!".utf8) {
                    slim += line
                } else if kept.contains(where: { trimmed.starts(with: $0) }) {
                    slim += trimmed
                } else {
                    continue
                }
            }
            // The last line has no newline after it in the source either.
            if index < lines.count - 1 { slim.append(UInt8(ascii: "\n")) }
        }
        return String(decoding: slim, as: UTF8.self)
    }

    private static var keptComments: [[UInt8]] { keptCommentPrefixes.map { Array($0.utf8) } }
}
