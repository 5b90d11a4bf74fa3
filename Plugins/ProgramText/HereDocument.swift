/// A here-document whose body follows the line that asked for it.
struct HereDocument: Sendable, Hashable {
    /// The delimiter word with its quotes removed, as the line that ends the body spells it.
    var delimiter: [UInt8]
    /// `<<-`: the shell strips leading tabs from body lines, the delimiter line included.
    var stripsTabs: Bool
    /// An unquoted delimiter: the body is expanded, and a backslash can join its lines.
    var expands: Bool

    /// Whether `line` ends the body.
    func isEnd(_ line: ArraySlice<UInt8>) -> Bool {
        var rest = line
        if stripsTabs {
            while rest.first == UInt8(ascii: "\t") { rest = rest.dropFirst() }
        }
        return rest.elementsEqual(delimiter)
    }
}
