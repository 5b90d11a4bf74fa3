import Testing
import Values

/// `ValueDict` against a plain model (an array of pairs searched in order), across the size at
/// which it starts hashing its keys and the sizes at which its index grows; and the sharing of
/// long keys between parsed results.
struct ValueDictTests {
    /// Keys of both kinds: short ones (stored inside the string) and long ones (on the heap).
    static func key(_ number: Int) -> String {
        number.isMultiple(of: 3) ? "a_long_key_named_number_\(number)" : "k\(number)"
    }

    /// Inserts, overwrites and removes keys in a fixed pseudo-random order, checking every key
    /// ever used against the model after each step.
    @Test(arguments: [5, 12, 13, 40, 300])
    func behavesAsAnOrderedMapThroughGrowthAndRemoval(size: Int) {
        var dict = ValueDict()
        var order: [String] = []
        var model: [String: Value] = [:]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let names = (0..<(size * 2)).map(Self.key)
        for step in 0..<(size * 6) {
            let name = names[next(names.count)]
            if next(4) == 0 {
                dict[name] = nil
                if model.removeValue(forKey: name) != nil { order.removeAll { $0 == name } }
            } else {
                dict[name] = .int(step)
                if model.updateValue(.int(step), forKey: name) == nil { order.append(name) }
            }
            #expect(dict.keys == order, "order after step \(step)")
            let wrong = names.filter { dict[$0] != model[$0] }
            #expect(wrong.isEmpty, "after step \(step): \(wrong.prefix(3))")
        }
    }

    @Test func aDictBuiltFromPairsFindsEveryKeyAndKeepsTheFirstPositionOfARepeatedOne() {
        let pairs = (0..<100).map { (Self.key($0 % 90), Value.int($0)) }
        let dict = ValueDict(pairs)
        #expect(dict.count == 90)
        #expect(dict.keys == (0..<90).map(Self.key))
        for number in 0..<90 {
            let last = number < 10 ? number + 90 : number
            #expect(dict[Self.key(number)] == .int(last))
        }
        #expect(dict["absent"] == nil)
    }

    @Test func parsedResultsShareTheirLongKeys() throws {
        let text = #"{"ansible_distribution_major_version": "12", "ansible_facts": {"ansible_distribution_release": "x"}}"#
        let first = try JSON.parse(text)
        let second = try JSON.parse(text)
        func storage(_ value: Value) -> [UnsafeRawPointer?] {
            var keys = value.dictValue?.keys ?? []
            keys += value["ansible_facts"]?.dictValue?.keys ?? []
            // Only long keys have storage of their own to share; a short one lives in the value.
            return keys.filter { $0.utf8.count > 15 }.map { key in
                key.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
            }
        }
        #expect(storage(first).count == 2)
        #expect(storage(first) == storage(second))
        #expect(KeyInterning.shared("short") == "short")
    }
}
