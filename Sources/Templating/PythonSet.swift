import Values

/// A CPython 3.11 `set` of numbers, kept slot for slot, so that Ansible's `union`, `intersect`,
/// `difference` and `symmetric_difference` (which go through `list(set(a) | set(b))`) give their
/// items in the order ansible-core gives them. Only numbers and booleans have hashes that do not
/// change from one Python process to the next; for anything else ansible-core's order is not
/// reproducible and `hash(of:)` answers nil.
struct PythonSet {
    private enum Slot {
        case empty
        case dummy
        case active(hash: Int, value: Value)
    }

    private static let linearProbes = 9
    private static let perturbShift = 5
    private static let minimumSize = 8

    private var slots = [Slot](repeating: .empty, count: PythonSet.minimumSize)
    private var fill = 0
    private(set) var count = 0
    private var mask: Int { slots.count - 1 }

    init() {}

    init(_ values: [Value]) {
        for value in values { if let hash = Self.hash(of: value) { insert(value, hash: hash) } }
    }

    /// The items in table order, which is the order Python iterates a set in.
    var elements: [Value] {
        slots.compactMap { if case .active(_, let value) = $0 { value } else { nil } }
    }

    private var entries: [(hash: Int, value: Value)] {
        slots.compactMap { if case .active(let hash, let value) = $0 { (hash, value) } else { nil } }
    }

    // MARK: - Python's hash

    private static let modulus: UInt = (1 << 61) - 1

    /// `hash(value)` for ints, bools and floats; nil for values whose hash Python randomises
    /// per process (str), derives from an address (None, NaN) or refuses (list, dict).
    static func hash(of value: Value) -> Int? {
        switch value {
        case .bool(let b): return b ? 1 : 0
        case .int(let i): return integerHash(magnitude: i.magnitude, negative: i < 0)
        case .double(let d): return doubleHash(d)
        default: return nil
        }
    }

    private static func integerHash(magnitude: UInt, negative: Bool) -> Int {
        let reduced = Int(magnitude % modulus)
        let hash = negative ? -reduced : reduced
        return hash == -1 ? -2 : hash
    }

    private static func doubleHash(_ d: Double) -> Int? {
        if d.isNaN { return nil }
        if d.isInfinite { return d > 0 ? 314_159 : -314_159 }
        if d == d.rounded(), d.magnitude < 9.2e18 { return integerHash(magnitude: UInt(d.magnitude), negative: d < 0) }
        let bits = 61
        var mantissa = d.magnitude.significand / 2
        var exponent = Int(d.magnitude.exponent) + 1
        var x: UInt = 0
        while mantissa != 0 {
            x = ((x << 28) & modulus) | x >> (bits - 28)
            mantissa *= 268_435_456.0
            exponent -= 28
            let whole = UInt(mantissa)
            mantissa -= Double(whole)
            x += whole
            if x >= modulus { x -= modulus }
        }
        exponent = exponent >= 0 ? exponent % bits : bits - 1 - ((-1 - exponent) % bits)
        x = ((x << exponent) & modulus) | x >> (bits - exponent)
        let hash = d < 0 ? -Int(x) : Int(x)
        return hash == -1 ? -2 : hash
    }

    // MARK: - The table

    private func find(_ value: Value, hash: Int) -> Int? {
        var perturb = UInt(bitPattern: hash)
        var index = Int(UInt(bitPattern: hash) & UInt(mask))
        while true {
            var probes = index + Self.linearProbes <= mask ? Self.linearProbes : 0
            var position = index
            while true {
                switch slots[position] {
                case .empty: return nil
                case .active(let h, let v) where h == hash && PythonSemantics.equal(v, value): return position
                default: break
                }
                if probes == 0 { break }
                probes -= 1
                position += 1
            }
            perturb >>= UInt(Self.perturbShift)
            index = Int((UInt(index) &* 5 &+ 1 &+ perturb) & UInt(mask))
        }
    }

    func contains(_ value: Value, hash: Int) -> Bool { find(value, hash: hash) != nil }

    /// `set_add_entry`: a new key takes the last dummy slot its probe passed, else the empty
    /// slot that ended the probe, and the table grows once it is three fifths full.
    mutating func insert(_ value: Value, hash: Int) {
        var perturb = UInt(bitPattern: hash)
        var index = Int(UInt(bitPattern: hash) & UInt(mask))
        var freeSlot: Int?
        while true {
            var probes = index + Self.linearProbes <= mask ? Self.linearProbes : 0
            var position = index
            while true {
                switch slots[position] {
                case .empty:
                    if let freeSlot {
                        slots[freeSlot] = .active(hash: hash, value: value)
                        count += 1
                        return
                    }
                    slots[position] = .active(hash: hash, value: value)
                    fill += 1
                    count += 1
                    if fill * 5 >= mask * 3 { resize(minimumUsed: count > 50_000 ? count * 2 : count * 4) }
                    return
                case .dummy:
                    freeSlot = position
                case .active(let h, let v):
                    if h == hash && PythonSemantics.equal(v, value) { return }
                }
                if probes == 0 { break }
                probes -= 1
                position += 1
            }
            perturb >>= UInt(Self.perturbShift)
            index = Int((UInt(index) &* 5 &+ 1 &+ perturb) & UInt(mask))
        }
    }

    /// `set_discard_entry`: the slot becomes a dummy so later probes still pass it.
    @discardableResult
    mutating func remove(_ value: Value, hash: Int) -> Bool {
        guard let position = find(value, hash: hash) else { return false }
        slots[position] = .dummy
        count -= 1
        return true
    }

    private static func insertClean(_ table: inout [Slot], _ value: Value, hash: Int) {
        let mask = table.count - 1
        var perturb = UInt(bitPattern: hash)
        var index = Int(UInt(bitPattern: hash) & UInt(mask))
        while true {
            if case .empty = table[index] {
                table[index] = .active(hash: hash, value: value)
                return
            }
            if index + linearProbes <= mask {
                for step in 1...linearProbes {
                    if case .empty = table[index + step] {
                        table[index + step] = .active(hash: hash, value: value)
                        return
                    }
                }
            }
            perturb >>= UInt(perturbShift)
            index = Int((UInt(index) &* 5 &+ 1 &+ perturb) & UInt(mask))
        }
    }

    private mutating func resize(minimumUsed: Int) {
        var size = Self.minimumSize
        while size <= minimumUsed { size <<= 1 }
        let old = entries
        slots = [Slot](repeating: .empty, count: size)
        fill = count
        for entry in old { Self.insertClean(&slots, entry.value, hash: entry.hash) }
    }

    /// `set_merge`: how `set.copy()` and `a | b` add a whole set at once.
    mutating func merge(_ other: PythonSet) {
        guard other.count > 0 else { return }
        if (fill + other.count) * 5 >= mask * 3 { resize(minimumUsed: (count + other.count) * 2) }
        if fill == 0, mask == other.mask, other.fill == other.count {
            slots = other.slots
            fill = other.fill
            count = other.count
            return
        }
        if fill == 0 {
            fill = other.count
            count = other.count
            for entry in other.entries { Self.insertClean(&slots, entry.value, hash: entry.hash) }
            return
        }
        for entry in other.entries { insert(entry.value, hash: entry.hash) }
    }

    // MARK: - The operators Ansible's filters use

    static func union(_ a: PythonSet, _ b: PythonSet) -> PythonSet {
        var result = PythonSet()
        result.merge(a)
        result.merge(b)
        return result
    }

    static func intersection(_ a: PythonSet, _ b: PythonSet) -> PythonSet {
        let (larger, smaller) = b.count > a.count ? (b, a) : (a, b)
        var result = PythonSet()
        for entry in smaller.entries where larger.contains(entry.value, hash: entry.hash) {
            result.insert(entry.value, hash: entry.hash)
        }
        return result
    }

    static func difference(_ a: PythonSet, _ b: PythonSet) -> PythonSet {
        var result = PythonSet()
        if a.count >> 2 > b.count {
            result.merge(a)
            for entry in b.entries { result.remove(entry.value, hash: entry.hash) }
            return result
        }
        for entry in a.entries where !b.contains(entry.value, hash: entry.hash) {
            result.insert(entry.value, hash: entry.hash)
        }
        return result
    }

    static func symmetricDifference(_ a: PythonSet, _ b: PythonSet) -> PythonSet {
        var result = PythonSet()
        result.merge(b)
        for entry in a.entries where !result.remove(entry.value, hash: entry.hash) {
            result.insert(entry.value, hash: entry.hash)
        }
        return result
    }
}
