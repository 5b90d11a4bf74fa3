import Testing
@testable import Transport

@Suite struct OutgoingBytesTests {
    /// Everything `bytes` would put on the wire when the channel takes at most `chunk` bytes a
    /// write, and the size of each write offered.
    private func written(_ bytes: OutgoingBytes, chunk: Int) -> (wire: [UInt8], offers: [Int]) {
        var pending = bytes
        var wire: [UInt8] = []
        var offers: [Int] = []
        while let next = pending.next() {
            let taken = next.prefix(chunk)
            wire += taken
            pending.consume(taken.count)
            offers.append(next.count)
        }
        return (wire, offers)
    }

    private func pieces(_ sizes: [Int], budget: GatherBudget = GatherBudget(limit: 1)) -> (OutgoingBytes, [UInt8]) {
        var bytes = OutgoingBytes(budget: budget)
        var all: [UInt8] = []
        for (number, size) in sizes.enumerated() {
            let piece = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ number) }
            bytes.append(piece)
            all += piece
        }
        return (bytes, all)
    }

    @Test(arguments: [1, 2, 3, 5, 64, 1000, 40_000])
    func piecesReachTheWireInOrderWhateverEachWriteTakes(_ chunk: Int) {
        var bytes = OutgoingBytes(Array("hello ".utf8))
        bytes.append([])
        bytes.append(Array("__pb_lib_1='f() { :; }'".utf8))
        bytes.append([UInt8(ascii: "\n")])
        #expect(String(decoding: written(bytes, chunk: chunk).wire, as: UTF8.self) == "hello __pb_lib_1='f() { :; }'\n")

        let (large, all) = pieces([30, 9_000, 7, 40_000, 3, 70_000, 12])
        #expect(written(large, chunk: chunk).wire == all)
    }

    /// A definition's opening, a library, its closing and the frame: one packet's worth, one
    /// write, where it was four.
    @Test func shortPiecesGoInOneWrite() {
        let (bytes, _) = pieces([28, 22_000, 4, 600])
        #expect(written(bytes, chunk: .max).offers == [22_632])
    }

    /// Gathering stops at a packet's worth; what follows is offered next.
    @Test func gatheringStopsAtOnePacket() {
        let (bytes, all) = pieces([28, 40_000, 4])
        let (wire, offers) = written(bytes, chunk: .max)
        #expect(wire == all)
        #expect(offers == [OutgoingBytes.packetSize, 40_032 - OutgoingBytes.packetSize])
    }

    /// A piece that fills a packet on its own is offered whole, as it stands.
    @Test func aLongPieceIsOfferedWhole() {
        let (bytes, _) = pieces([50_000, 10])
        #expect(written(bytes, chunk: .max).offers == [50_000, 10])
    }

    /// With the budget of gathered buffers spent, pieces are written one by one, as they
    /// stand: more packets, no more memory.
    @Test func aSpentBudgetWritesPieceByPiece() {
        let (bytes, all) = pieces([28, 22_000, 4, 600], budget: GatherBudget(limit: 0))
        let (wire, offers) = written(bytes, chunk: .max)
        #expect(wire == all)
        #expect(offers == [28, 22_000, 4, 600])
    }

    /// A gathered buffer holds its place in the budget until a write takes from it.
    @Test func aGatheredBufferIsGivenBackOnceWritten() {
        let budget = GatherBudget(limit: 1)
        var (bytes, _) = pieces([10, 20, 30], budget: budget)
        #expect(bytes.next()?.count == 60)
        #expect(budget.aliveCount == 1)
        bytes.consume(0)
        #expect(budget.aliveCount == 1)
        bytes.consume(15)
        #expect(budget.aliveCount == 0)
        #expect(bytes.next()?.count == 45)
        bytes.consume(45)
        #expect(bytes.isEmpty)
        #expect(budget.aliveCount == 0)
    }

    /// A channel that takes nothing (its window is full) leaves everything pending, and is
    /// offered the same bytes again.
    @Test func aWriteOfNothingKeepsEverythingPending() {
        var bytes = OutgoingBytes(Array("ab".utf8))
        bytes.append(Array("cd".utf8))
        let first = bytes.next().map(Array.init)
        bytes.consume(0)
        #expect(first == Array("abcd".utf8))
        #expect(bytes.next().map(Array.init) == first)
        bytes.consume(3)
        #expect(bytes.next().map(Array.init) == Array("d".utf8))
        bytes.consume(1)
        #expect(bytes.isEmpty)
        #expect(bytes.next() == nil)
        #expect(OutgoingBytes().isEmpty)
    }
}
