/// Text produced for one event, in the order it is to be written: results go to standard
/// output, warnings to standard error (as Ansible writes them). The order matters when both
/// streams are the same terminal: a module's warning comes after its diff, before its line.
struct ConsoleText: Sendable {
    enum Stream: Sendable { case output, errors }

    private(set) var parts: [(stream: Stream, text: String)] = []

    mutating func add(_ text: String) {
        append(text, to: .output)
    }

    mutating func addError(_ text: String) {
        append(text, to: .errors)
    }

    mutating func append(_ other: ConsoleText) {
        for part in other.parts { append(part.text, to: part.stream) }
    }

    var isEmpty: Bool { parts.isEmpty }

    /// Everything written to one stream.
    func text(of stream: Stream) -> String {
        parts.filter { $0.stream == stream }.map(\.text).joined()
    }

    private mutating func append(_ text: String, to stream: Stream) {
        guard !text.isEmpty else { return }
        if let last = parts.last, last.stream == stream {
            parts[parts.count - 1].text += text
        } else {
            parts.append((stream, text))
        }
    }
}
