/// Bytes waiting to be written to a channel, kept as the pieces they were made of.
///
/// A piece may be bytes every host shares (a library's quoted text in `LibraryCatalog`), so the
/// pieces are never joined as a whole: that would copy a library once per host for the length
/// of the write. But each write becomes one SSH packet, one `send` and one wakeup of the
/// target's sshd, and a program is typically a short definition opening, a library, a short
/// closing and a short frame: written piece by piece that was four packets where one carries
/// it. So short pieces are gathered, up to one packet's worth, into a buffer that lives only
/// while they are written (`GatheredBytes`); a piece that fills a packet on its own is written
/// from where it is.
struct OutgoingBytes {
    /// The most one channel packet carries to OpenSSH (its session channels' maximum packet
    /// size); libssh2 writes a longer buffer as several packets anyway.
    static let packetSize = 32_768

    private var pieces: [ArraySlice<UInt8>] = []
    /// The first piece not yet written in full.
    private var index = 0
    /// The pieces from `index` on, gathered for the next write; nil when not gathered. Kept
    /// until a write takes some of it, so a write that took nothing is offered the same bytes.
    private var gathered: GatheredBytes?
    private let budget: GatherBudget

    init(budget: GatherBudget = .shared) {
        self.budget = budget
    }

    init(_ bytes: [UInt8]) {
        self.init()
        append(bytes)
    }

    /// Adds `bytes` after everything already pending; an empty piece is dropped.
    mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        pieces.append(bytes[...])
        gathered = nil
    }

    var isEmpty: Bool { index == pieces.count }

    /// What to write next: the unwritten rest of the current piece when it fills a packet, is
    /// the last, or no buffer is to be had; else it and the pieces after it gathered up to a
    /// packet. nil when all was written.
    mutating func next() -> ArraySlice<UInt8>? {
        guard !isEmpty else { return nil }
        if let gathered { return gathered.bytes[...] }
        let current = pieces[index]
        guard current.count < Self.packetSize, index + 1 < pieces.count,
            let joined = GatheredBytes(pieces[index...], upTo: Self.packetSize, budget: budget)
        else { return current }
        gathered = joined
        return joined.bytes[...]
    }

    /// Marks the first `count` bytes of what `next()` offered as written.
    mutating func consume(_ count: Int) {
        guard !isEmpty, count > 0 else { return }
        gathered = nil
        var left = count
        while left > 0, index < pieces.count {
            let taken = min(left, pieces[index].count)
            pieces[index] = pieces[index].dropFirst(taken)
            left -= taken
            if pieces[index].isEmpty {
                // A written piece lets go of its bytes at once.
                pieces[index] = []
                index += 1
            }
        }
    }
}

/// Pieces joined for one write; while it lives it holds a place in its budget.
///
/// Never changed once made, so a copy of `OutgoingBytes` that shares it stays right.
final class GatheredBytes: @unchecked Sendable {
    let bytes: [UInt8]
    private let budget: GatherBudget

    /// Joins `pieces`, in order, up to `size` bytes; nil when `budget` is spent.
    init?(_ pieces: ArraySlice<ArraySlice<UInt8>>, upTo size: Int, budget: GatherBudget) {
        guard budget.reserve() else { return nil }
        self.budget = budget
        var joined: [UInt8] = []
        joined.reserveCapacity(size)
        for piece in pieces {
            let room = size - joined.count
            guard room > 0 else { break }
            joined += piece.prefix(room)
        }
        bytes = joined
    }

    deinit { budget.release() }
}

/// How many gathered buffers may be alive at once.
///
/// A buffer lives from the gathering until the write took it, which is quick on a fast network
/// and a round trip or more on a slow one, where hundreds of hosts starting at once could each
/// hold one (32 KB each: 16 MB at 500 hosts). Past the budget a write goes piece by piece, as
/// it did before gathering: more packets, never more memory.
final class GatherBudget: @unchecked Sendable {
    /// The process's: 1 MB of 32 KB buffers.
    static let shared = GatherBudget(limit: 32)

    let limit: Int
    private let lock = PlainLock()
    private var alive = 0

    init(limit: Int) {
        self.limit = limit
    }

    var aliveCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return alive
    }

    func reserve() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard alive < limit else { return false }
        alive += 1
        return true
    }

    func release() {
        lock.lock()
        alive -= 1
        lock.unlock()
    }
}
