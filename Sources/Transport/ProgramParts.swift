/// A program's text in the parts it was put together from: a library many runs start with, the
/// run's own lines, a second library (a module's body) and the run's closing lines.
///
/// The libraries are views into text the runs share, not copies. Every host renders a program for
/// every task, all hosts at once: as one string, each held its own copy of the shared library and
/// module body until the host's reply came (30 KB for `setup`, ~15 MB at 500 hosts gathering facts).
public struct ProgramParts: Sendable {
    /// Shell functions and settings with no output; a connection may send them once and refer to
    /// them in later runs (`RunRequest.libraryLength`).
    public var library: Substring
    public var beforeBody: Substring
    /// Text many runs share that must not depend on what precedes it; empty when there is none.
    public var body: Substring
    public var afterBody: Substring

    public init(library: Substring = "", beforeBody: Substring, body: Substring = "", afterBody: Substring = "") {
        self.library = library
        self.beforeBody = beforeBody
        self.body = body
        self.afterBody = afterBody
    }

    /// The parts of one text, by UTF-8 offsets: the library is its first `libraryLength` bytes, the
    /// second library the bytes of `secondLibrary`. A second library that is empty or does not
    /// lie after the first is none: the text after the library then travels whole.
    public init(text: String, libraryLength: Int = 0, secondLibrary: Range<Int>? = nil) {
        let utf8 = text.utf8
        let count = utf8.count
        let libraryEnd = min(max(libraryLength, 0), count)
        let body = secondLibrary.flatMap { $0.lowerBound >= libraryEnd && $0.upperBound <= count && !$0.isEmpty ? $0 : nil }
            ?? count..<count
        func part(_ range: Range<Int>) -> Substring {
            Substring(utf8[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)])
        }
        self.init(
            library: part(0..<libraryEnd), beforeBody: part(libraryEnd..<body.lowerBound), body: part(body),
            afterBody: part(body.upperBound..<count))
    }

    /// The whole program.
    public var text: String {
        var text = String(library)
        text.reserveCapacity(utf8Count)
        text += beforeBody
        text += body
        text += afterBody
        return text
    }

    public var utf8Count: Int {
        library.utf8.count + beforeBody.utf8.count + body.utf8.count + afterBody.utf8.count
    }

    /// UTF-8 bytes of the library at the start of `text`.
    public var libraryLength: Int { library.utf8.count }

    /// UTF-8 byte offsets of the second library in `text`; nil when there is none.
    public var secondLibrary: Range<Int>? {
        guard !body.isEmpty else { return nil }
        let start = library.utf8.count + beforeBody.utf8.count
        return start..<(start + body.utf8.count)
    }

    /// The program's last byte; nil for an empty program.
    var lastByte: UInt8? {
        afterBody.utf8.last ?? body.utf8.last ?? beforeBody.utf8.last ?? library.utf8.last
    }
}
