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
    private var positions: [String: Int] = [:]

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
        if keys.count > Self.linearLimit { return positions[key] }
        return keys.firstIndex(of: key)
    }

    public subscript(key: String) -> Value? {
        get { position(of: key).map { values[$0] } }
        set {
            if let newValue {
                if let index = position(of: key) {
                    values[index] = newValue
                } else {
                    if keys.capacity == 0 { reserve(Self.initialCapacity) }
                    keys.append(key)
                    values.append(newValue)
                    if keys.count > Self.linearLimit {
                        if positions.isEmpty { reindex() } else { positions[key] = keys.count - 1 }
                    }
                }
            } else if let index = position(of: key) {
                keys.remove(at: index)
                values.remove(at: index)
                if keys.count <= Self.linearLimit {
                    positions = [:]
                } else {
                    // Only the keys after the removed one move: no rebuild, no allocation.
                    positions[key] = nil
                    for later in index..<keys.count { positions[keys[later]] = later }
                }
            }
        }
    }

    private mutating func reindex() {
        var rebuilt: [String: Int] = [:]
        rebuilt.reserveCapacity(keys.count)
        for (index, key) in keys.enumerated() { rebuilt[key] = index }
        positions = rebuilt
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
