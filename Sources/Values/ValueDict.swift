/// A string-keyed dictionary that keeps insertion order, as Python dicts (and so Ansible's
/// variables, facts and `to_json` output) do.
///
/// Keys and values live in two parallel arrays, so iterating needs no hashing. Most dicts are
/// small (a task's arguments, a module's result, a play's vars): up to `linearLimit` keys a
/// lookup compares keys in order, which for short keys costs less than hashing one; beyond
/// that a hash index maps each key to its position.
public struct ValueDict: Sendable, Hashable, Sequence {
    public private(set) var keys: [String] = []
    public private(set) var values: [Value] = []
    /// Key → position, kept only while there are more than `linearLimit` keys.
    private var index = KeyIndex()

    private static let linearLimit = 12
    /// Room reserved at the first insertion: most dicts get several keys, and growing two
    /// arrays from one element reallocates each of them several times.
    private static let initialCapacity = 4

    public init() {}

    public init<S: Sequence>(_ pairs: S) where S.Element == (String, Value) {
        reserve(pairs.underestimatedCount)
        for (k, v) in pairs { self[k] = v }
    }

    private mutating func reserve(_ count: Int) {
        guard count > keys.capacity else { return }
        keys.reserveCapacity(count)
        values.reserveCapacity(count)
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }
    public var underestimatedCount: Int { keys.count }

    private func position(of key: String) -> Int? {
        if keys.count > Self.linearLimit { return index.position(of: key, in: keys) }
        return keys.firstIndex(of: key)
    }

    public subscript(key: String) -> Value? {
        get { position(of: key).map { values[$0] } }
        set {
            if let newValue {
                if let position = position(of: key) {
                    values[position] = newValue
                } else {
                    if keys.capacity == 0 { reserve(Self.initialCapacity) }
                    keys.append(key)
                    values.append(newValue)
                    if keys.count > Self.linearLimit {
                        if index.isEmpty {
                            index = KeyIndex(keys: keys)
                        } else {
                            index.addLast(of: keys)
                        }
                    }
                }
            } else if let position = position(of: key) {
                keys.remove(at: position)
                values.remove(at: position)
                // Every later key moved: the table is rebuilt (removal from a large dict is rare).
                index = keys.count > Self.linearLimit ? KeyIndex(keys: keys) : KeyIndex()
            }
        }
    }

    public func contains(_ key: String) -> Bool { position(of: key) != nil }

    public struct Iterator: IteratorProtocol {
        private let keys: [String]
        private let values: [Value]
        private var index = 0

        fileprivate init(keys: [String], values: [Value]) {
            self.keys = keys
            self.values = values
        }

        public mutating func next() -> (key: String, value: Value)? {
            guard index < keys.count else { return nil }
            defer { index += 1 }
            return (keys[index], values[index])
        }
    }

    public func makeIterator() -> Iterator { Iterator(keys: keys, values: values) }

    /// Later keys win, keeping the position of keys already present (Python's `dict.update`).
    public mutating func merge(_ other: ValueDict) {
        if isEmpty {
            self = other
            return
        }
        reserve(count + other.count)
        for (k, v) in other { self[k] = v }
    }

    /// Equality ignores order, like Python's dict equality.
    public static func == (a: ValueDict, b: ValueDict) -> Bool {
        guard a.count == b.count else { return false }
        if a.keys == b.keys { return a.values == b.values }
        for (index, key) in a.keys.enumerated() where b[key] != a.values[index] { return false }
        return true
    }

    /// Order-independent, as `==` is: each pair is hashed on its own and the hashes combined
    /// with a commutative operation.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for index in keys.indices {
            var pair = Hasher()
            pair.combine(keys[index])
            pair.combine(values[index])
            combined ^= pair.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}

extension ValueDict: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, Value)...) {
        self.init(elements)
    }
}

/// The positions of a `ValueDict`'s keys by hash, for dicts past the linear-scan limit.
///
/// An open-addressed table of 32-bit slots, each holding a position plus one (0 is an empty
/// slot), kept at most half full and probed linearly. The keys themselves stay only in the
/// dict's `keys` array, which every lookup is given: a slot costs 4 bytes where a
/// `[String: Int]` entry costs 24, and a run holds one large dict per host for its facts and
/// another for each result that carries them.
struct KeyIndex: Sendable {
    private var slots: [UInt32] = []

    init() {}

    /// An index of `keys` with room for as many keys as the array has capacity for, so a dict
    /// built to a known size indexes its keys once.
    init(keys: [String]) {
        var count = 32
        while count < 2 * keys.capacity { count <<= 1 }
        slots = [UInt32](repeating: 0, count: count)
        for (position, key) in keys.enumerated() { place(key, at: position) }
    }

    var isEmpty: Bool { slots.isEmpty }

    func position(of key: String, in keys: [String]) -> Int? {
        let mask = slots.count - 1
        var slot = key.hashValue & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            let position = Int(entry) - 1
            if keys[position] == key { return position }
            slot = (slot + 1) & mask
        }
    }

    /// Records the key just appended to `keys` (and absent before), growing the table first
    /// when it would be more than half full.
    mutating func addLast(of keys: [String]) {
        let position = keys.count - 1
        if 2 * keys.count > slots.count {
            self = KeyIndex(keys: keys)
        } else {
            place(keys[position], at: position)
        }
    }

    private mutating func place(_ key: String, at position: Int) {
        let mask = slots.count - 1
        var slot = key.hashValue & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = UInt32(truncatingIfNeeded: position + 1)
    }
}
