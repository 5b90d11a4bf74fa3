import Testing
@testable import Transport

@Suite struct OutgoingBytesTests {
    /// Everything `bytes` would put on the wire when the channel takes at most `chunk` bytes a write.
    private func written(_ bytes: OutgoingBytes, chunk: Int) -> (wire: [UInt8], writes: Int) {
        var pending = bytes
        var wire: [UInt8] = []
        var writes = 0
        while let next = pending.next {
            let taken = next.prefix(chunk)
            wire += taken
            pending.consume(taken.count)
            writes += 1
        }
        return (wire, writes)
    }

    @Test(arguments: [1, 2, 3, 5, 64])
    func piecesReachTheWireInOrderWhateverEachWriteTakes(_ chunk: Int) {
        var bytes = OutgoingBytes(Array("hello ".utf8))
        bytes.append([])
        bytes.append(Array("__pb_lib_1='f() { :; }'".utf8))
        bytes.append([UInt8(ascii: "\n")])
        let (wire, writes) = written(bytes, chunk: chunk)
        #expect(String(decoding: wire, as: UTF8.self) == "hello __pb_lib_1='f() { :; }'\n")
        // A write never spans two pieces, and the empty piece costs no write.
        #expect(writes == [6, 23, 1].map { ($0 + chunk - 1) / chunk }.reduce(0, +))
    }

    /// A channel that takes nothing (its window is full) leaves everything pending.
    @Test func aWriteOfNothingKeepsEverythingPending() {
        var bytes = OutgoingBytes(Array("ab".utf8))
        bytes.consume(0)
        #expect(bytes.next.map(Array.init) == Array("ab".utf8))
        bytes.consume(2)
        #expect(bytes.isEmpty)
        #expect(bytes.next == nil)
        #expect(OutgoingBytes().isEmpty)
    }
}
