import Values

/// Python's `random.Random`: the Mersenne Twister seeded the way CPython seeds it, so that
/// `59 | random(seed=inventory_hostname)` and `shuffle(seed=…)` give the numbers Ansible gives
/// (cron minutes and splay values computed that way must not move when a host switches tools).
/// Without a seed the system generator is used, as Python's `SystemRandom`.
struct PythonRandom {
    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 624
    private var system: SystemRandomNumberGenerator?

    /// The unseeded generator (Python's `SystemRandom`).
    init() {
        system = SystemRandomNumberGenerator()
    }

    /// `random.Random(seed)`: an int seeds with its magnitude's 32-bit words; a string (seed
    /// version 2) with its UTF-8 bytes followed by their SHA-512, read as one big-endian number.
    init(seed: Value) {
        var bigEndian: [UInt8]
        switch seed {
        case .string(let text):
            let bytes = Array(text.utf8)
            bigEndian = bytes + Digest.sha512(bytes)
        case .bool(let b):
            bigEndian = [b ? 1 : 0]
        case .int(let i):
            bigEndian = withUnsafeBytes(of: i.magnitude.bigEndian, Array.init)
        default:
            // Python hashes other seeds; their text is the closest stable stand-in.
            let bytes = Array(seed.pythonString.utf8)
            bigEndian = bytes + Digest.sha512(bytes)
        }
        while bigEndian.count > 1, bigEndian.first == 0 { bigEndian.removeFirst() }
        // Little-endian 32-bit words of the number, least significant first.
        var key: [UInt32] = []
        var end = bigEndian.count
        while end > 0 {
            var word: UInt32 = 0
            for byte in bigEndian[max(0, end - 4)..<end] { word = word << 8 | UInt32(byte) }
            key.append(word)
            end -= 4
        }
        while key.count > 1, key.last == 0 { key.removeLast() }
        seedByArray(key.isEmpty ? [0] : key)
    }

    private mutating func seedByArray(_ key: [UInt32]) {
        state[0] = 19_650_218
        for i in 1..<624 { state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i) }
        var i = 1
        var j = 0
        for _ in 0..<max(624, key.count) {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) &* 1_664_525)) &+ key[j] &+ UInt32(j)
            i += 1
            j += 1
            if i >= 624 { state[0] = state[623]; i = 1 }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<623 {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= 624 { state[0] = state[623]; i = 1 }
        }
        state[0] = 0x8000_0000
        index = 624
    }

    private mutating func next32() -> UInt32 {
        if system != nil { return UInt32.random(in: .min ... .max, using: &system!) }
        if index >= 624 {
            for k in 0..<624 {
                let y = (state[k] & 0x8000_0000) | (state[(k + 1) % 624] & 0x7FFF_FFFF)
                state[k] = state[(k + 397) % 624] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : 0x9908_B0DF)
            }
            index = 0
        }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// `getrandbits(k)` for k up to 64: whole words first, least significant first.
    private mutating func bits(_ count: Int) -> UInt64 {
        if count <= 32 { return UInt64(next32() >> (32 - count)) }
        let low = UInt64(next32())
        let high = UInt64(next32() >> (64 - count))
        return high << 32 | low
    }

    /// `_randbelow(n)`: draws of n's bit length until one is below n.
    mutating func below(_ n: Int) -> Int {
        guard n > 0 else { return 0 }
        let width = Int.bitWidth - n.leadingZeroBitCount
        while true {
            let r = bits(width)
            if r < UInt64(n) { return Int(r) }
        }
    }

    /// `randrange(start, stop, step)`, or nil for an empty range (Python's ValueError).
    mutating func range(start: Int, stop: Int, step: Int) -> Int? {
        let (width, overflow) = stop.subtractingReportingOverflow(start)
        guard !overflow, step != 0 else { return nil }
        // Python's integers do not overflow; ours would, so a range that does is refused.
        let (adjusted, adjustOverflow) = width.addingReportingOverflow(step > 0 ? step - 1 : step + 1)
        guard !adjustOverflow, !(adjusted == .min && step == -1) else { return nil }
        let count = floorDivide(adjusted, step)
        guard count > 0 else { return nil }
        let (offset, offsetOverflow) = step.multipliedReportingOverflow(by: below(count))
        let (drawn, drawnOverflow) = start.addingReportingOverflow(offset)
        return offsetOverflow || drawnOverflow ? nil : drawn
    }

    /// `shuffle(x)`: Fisher–Yates from the end, as CPython does it.
    mutating func shuffle(_ items: inout [Value]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, through: 1, by: -1) {
            items.swapAt(i, below(i + 1))
        }
    }

    private func floorDivide(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
