import Testing
import Values

/// The ordered dictionary every variable, fact and result is kept in: Python's dict semantics
/// on both sides of the size where lookups switch from a scan to a hash index.
struct ValueDictTests {
    /// Sizes below, at and above the point where the dictionary starts indexing its keys.
    static let sizes = [0, 1, 4, 5, 11, 12, 13, 14, 40]

    static func numbered(_ count: Int) -> ValueDict {
        var dict = ValueDict()
        for index in 0..<count { dict["key\(index)"] = .int(index) }
        return dict
    }

    @Test(arguments: sizes)
    func keysKeepInsertionOrderAndEveryKeyIsFound(_ size: Int) {
        let dict = Self.numbered(size)
        #expect(dict.count == size)
        #expect(dict.keys == (0..<size).map { "key\($0)" })
        #expect(dict.values == (0..<size).map { Value.int($0) })
        for index in 0..<size { #expect(dict["key\(index)"] == .int(index)) }
        #expect(dict["key\(size)"] == nil)
        #expect(!dict.contains("absent"))
        #expect(Array(dict).map(\.key) == dict.keys, "iteration follows insertion order")
    }

    @Test(arguments: sizes)
    func overwritingKeepsThePositionAndRemovingKeepsTheRestInOrder(_ size: Int) {
        guard size >= 2 else { return }
        var dict = Self.numbered(size)
        dict["key0"] = "first"
        #expect(dict.keys.first == "key0" && dict["key0"] == "first" && dict.count == size)
        dict["key0"] = nil
        #expect(dict.count == size - 1)
        #expect(dict.keys == (1..<size).map { "key\($0)" })
        for index in 1..<size { #expect(dict["key\(index)"] == .int(index), "key\(index) after a removal") }
        dict["key0"] = "again"
        #expect(dict.keys.last == "key0", "a removed key comes back at the end, as in Python")
        #expect(dict["key0"] == "again")
        dict["absent"] = nil
        #expect(dict.count == size)
    }

    @Test func removalsAboveAndBelowTheIndexSizeKeepEveryOtherKeyFound() {
        var dict = Self.numbered(30)
        var expected = (0..<30).map { "key\($0)" }
        // From the middle, the front and the end, crossing down through the index size.
        for index in [15, 0, 29, 7, 8, 9, 1, 2, 3, 4, 20, 21, 22, 23, 24, 25, 26, 27] {
            dict["key\(index)"] = nil
            expected.removeAll { $0 == "key\(index)" }
            #expect(dict.keys == expected)
            for key in expected { #expect(dict[key] == .int(Int(key.dropFirst(3)) ?? -1), "\(key) after removing key\(index)") }
            #expect(dict["key\(index)"] == nil)
        }
        for index in 30..<45 { dict["key\(index)"] = .int(index) }
        #expect(dict.count == expected.count + 15)
        #expect(dict["key44"] == 44 && dict["key5"] == 5 && dict["key1"] == nil)
    }

    @Test(arguments: sizes)
    func equalityAndHashIgnoreOrder(_ size: Int) {
        let forward = Self.numbered(size)
        var backward = ValueDict()
        for index in (0..<size).reversed() { backward["key\(index)"] = .int(index) }
        #expect(forward == backward)
        #expect(forward.hashValue == backward.hashValue)
        #expect(Set([Value.dict(forward), .dict(backward)]).count == 1)
        guard size > 0 else { return }
        var changed = backward
        changed["key0"] = "other"
        #expect(forward != changed)
        var renamed = forward
        renamed["key0"] = nil
        renamed["other"] = 0
        #expect(forward != renamed, "same values under another key")
    }

    @Test func mergeIsPythonsUpdate() {
        var base: ValueDict = ["a": 1, "b": 2]
        base.merge(["b": 20, "c": 3])
        #expect(base.keys == ["a", "b", "c"])
        #expect(base == ["a": 1, "b": 20, "c": 3])
        var empty = ValueDict()
        empty.merge(Self.numbered(10))
        #expect(empty.keys == Self.numbered(10).keys)
        empty["key3"] = "changed"
        #expect(empty["key3"] == "changed" && empty["key9"] == 9)
    }
}
