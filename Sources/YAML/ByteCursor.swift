/// A forward reader over the UTF-8 bytes of a scalar, for the hand-written YAML 1.1 matchers.
struct ByteCursor {
    let bytes: [UInt8]
    private(set) var index = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
    var atEnd: Bool { index >= bytes.count }
    var rest: ArraySlice<UInt8> { bytes[index...] }

    func peek(offset: Int) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    /// Consumes `byte` when it comes next.
    mutating func take(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    /// Consumes an optional `+` or `-`; true when it was `-`.
    mutating func takeSign() -> Bool {
        if take(UInt8(ascii: "-")) { return true }
        _ = take(UInt8(ascii: "+"))
        return false
    }

    /// Consumes bytes while `predicate` holds; returns how many.
    @discardableResult
    mutating func skip(while predicate: (UInt8) -> Bool) -> Int {
        let start = index
        while let byte = peek, predicate(byte) {
            index += 1
        }
        return index - start
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func isDigitOrUnderscore(_ byte: UInt8) -> Bool {
        isDigit(byte) || byte == UInt8(ascii: "_")
    }

    /// The value of a digit in any radix up to 16, either letter case.
    static func digitValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }

    /// One sexagesimal place, `[0-5]?[0-9]`: one digit, or two with the first at most 5.
    static func sexagesimalDigit(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count == 1 || bytes.count == 2, bytes.allSatisfy(isDigit) else { return nil }
        if bytes.count == 2, let first = bytes.first, first > UInt8(ascii: "5") { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }
}
