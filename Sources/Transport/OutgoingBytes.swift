/// Bytes waiting to be written to a channel, kept as the pieces they were made of.
///
/// The pieces are written one after the other and never joined: a piece may be bytes every host
/// shares (a library's quoted text in `LibraryCatalog`), and joining would copy it once per host
/// for the length of the write.
struct OutgoingBytes {
    private var pieces: [ArraySlice<UInt8>] = []
    /// The first piece not yet written in full.
    private var index = 0

    init() {}

    init(_ bytes: [UInt8]) {
        append(bytes)
    }

    /// Adds `bytes` after everything already pending; an empty piece is dropped.
    mutating func append(_ bytes: [UInt8]) {
        if !bytes.isEmpty { pieces.append(bytes[...]) }
    }

    var isEmpty: Bool { index == pieces.count }

    /// What to write next: the unwritten rest of the current piece; nil when all was written.
    var next: ArraySlice<UInt8>? { isEmpty ? nil : pieces[index] }

    /// Marks `count` bytes of `next` as written, moving to the following piece at its end.
    mutating func consume(_ count: Int) {
        guard !isEmpty, count > 0 else { return }
        pieces[index] = pieces[index].dropFirst(count)
        if pieces[index].isEmpty {
            // A written piece lets go of its bytes at once.
            pieces[index] = []
            index += 1
        }
    }
}
