/// Ansible's host ranges: `web[01:20]` (zero padding kept), `web[1:20:5]` (stride), `db-[a:f]`
/// (letters, in Python's `string.ascii_letters` order) and several ranges in one name.
enum HostRange {
    /// Why a name could not be expanded, and where in the name the problem starts.
    struct Failure: Error, Equatable {
        var error: InventoryError
        /// Offset of the offending `[` in the name, in characters.
        var offset: Int
    }

    /// No inventory has this many hosts in one line; a typo like `[1:99999999]` would otherwise
    /// allocate until the machine falls over.
    static let maximumExpansion = 100_000

    /// Python's `string.ascii_letters`: lower case first, so `[x:B]` runs x, y, z, A, B.
    private static let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

    static func containsRange(_ name: String) -> Bool { name.contains("[") }

    /// Every name the pattern stands for, in order; the name itself when it has no range.
    static func expand(_ pattern: String) -> Result<[String], Failure> {
        guard containsRange(pattern) else { return .success([pattern]) }
        var names = [""]
        var literal = ""
        let characters = Array(pattern)
        var position = 0
        while position < characters.count {
            let character = characters[position]
            if character == "]" {
                return .failure(Failure(error: .malformedRange(pattern, "']' without '['"), offset: position))
            }
            guard character == "[" else {
                literal.append(character)
                position += 1
                continue
            }
            guard let close = characters[position...].firstIndex(of: "]") else {
                return .failure(Failure(error: .malformedRange(pattern, "'[' is never closed"), offset: position))
            }
            let body = String(characters[(position + 1)..<close])
            let values: [String]
            switch expandBody(body) {
            case .success(let expanded): values = expanded
            case .failure(let reason):
                return .failure(Failure(error: .malformedRange(pattern, reason.text), offset: position))
            }
            guard names.count * values.count <= maximumExpansion else {
                return .failure(Failure(error: .rangeTooLarge(pattern, maximumExpansion), offset: position))
            }
            names = names.flatMap { prefix in values.map { prefix + literal + $0 } }
            literal = ""
            position = close + 1
        }
        return .success(names.map { $0 + literal })
    }

    struct Reason: Error {
        var text: String
        init(_ text: String) { self.text = text }
    }

    /// `beg:end` or `beg:end:step`, numeric or alphabetic.
    private static func expandBody(_ body: String) -> Result<[String], Reason> {
        let parts = body.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3 else {
            return .failure(Reason("expected [start:end] or [start:end:step]"))
        }
        let begin = parts[0].isEmpty ? "0" : parts[0]
        let end = parts[1]
        guard !end.isEmpty else { return .failure(Reason("the range has no end")) }
        var step = 1
        if parts.count == 3 {
            guard let parsed = Int(parts[2]), parsed > 0 else {
                return .failure(Reason("the step '\(parts[2])' is not a positive integer"))
            }
            step = parsed
        }
        if let first = letterIndex(begin), let last = letterIndex(end) {
            guard first <= last else { return .failure(Reason("'\(begin)' comes after '\(end)'")) }
            return .success(stride(from: first, through: last, by: step).map { String(letters[$0]) })
        }
        guard begin.allSatisfy(\.isASCIIDigit), end.allSatisfy(\.isASCIIDigit) else {
            return .failure(Reason("'\(begin)' and '\(end)' must both be numbers or both single letters"))
        }
        guard let low = Int(begin), let high = Int(end) else {
            return .failure(Reason("the bounds are too large"))
        }
        guard low <= high else { return .failure(Reason("the start \(begin) is after the end \(end)")) }
        guard (high - low) / step < maximumExpansion else {
            return .failure(Reason("it names more than \(maximumExpansion) hosts"))
        }
        // A leading zero is a width hint, as in Ansible: both bounds must then have that width.
        let width = begin.count > 1 && begin.hasPrefix("0") ? begin.count : 0
        if width > 0, end.count != width {
            return .failure(Reason("zero-padded bounds must have the same width ('\(begin)' and '\(end)')"))
        }
        return .success(
            stride(from: low, through: high, by: step).map { number in
                let digits = String(number)
                return String(repeating: "0", count: max(0, width - digits.count)) + digits
            })
    }

    private static func letterIndex(_ text: String) -> Int? {
        guard text.count == 1, let character = text.first else { return nil }
        return letters.firstIndex(of: character)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
