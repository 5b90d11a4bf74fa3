/// A parsed Python `re` pattern. Flags (`(?i)`, `ignorecase=`, `(?s:…)`) are resolved while
/// parsing, so every node already says whether it folds case, whether `.` takes newlines and
/// which kind of `^`/`$` it is: the matcher never tracks flag scopes.
indirect enum RegexNode: Sendable {
    case empty
    case scalar(Unicode.Scalar, fold: Bool)
    case any(dotAll: Bool)
    case set(RegexSet)
    case sequence([RegexNode])
    case alternation([RegexNode])
    case capture(RegexNode, index: Int)
    case repetition(RegexNode, min: Int, max: Int?, mode: RepetitionMode)
    case anchor(RegexAnchor)
    case backreference(Int, fold: Bool)
    case look(RegexNode, behind: Bool, negative: Bool)
    case atomic(RegexNode)

    enum RepetitionMode: Sendable { case greedy, lazy, possessive }

    /// The number of scalars every match takes, which Python requires of a lookbehind;
    /// nil when it varies.
    var fixedWidth: Int? {
        switch self {
        case .empty, .anchor, .look: return 0
        case .scalar, .any, .set: return 1
        case .sequence(let items):
            var total = 0
            for item in items {
                guard let width = item.fixedWidth else { return nil }
                total += width
            }
            return total
        case .alternation(let branches):
            let widths = branches.map(\.fixedWidth)
            guard let first = widths.first ?? 0, widths.allSatisfy({ $0 == first }) else { return nil }
            return first
        case .capture(let inner, _), .atomic(let inner): return inner.fixedWidth
        case .repetition(let inner, let min, let max, _):
            guard max == min, let width = inner.fixedWidth else { return nil }
            return width * min
        case .backreference: return nil
        }
    }

    /// Whether the node can match without consuming text; a loop over such a node needs a
    /// progress check, or `(a*)*` would spin forever.
    var canBeEmpty: Bool {
        switch self {
        case .empty, .anchor, .look, .backreference: return true
        case .scalar, .any, .set: return false
        case .sequence(let items): return items.allSatisfy(\.canBeEmpty)
        case .alternation(let branches): return branches.contains(where: \.canBeEmpty)
        case .capture(let inner, _), .atomic(let inner): return inner.canBeEmpty
        case .repetition(let inner, let min, _, _): return min == 0 || inner.canBeEmpty
        }
    }
}

/// Zero-width positions: `^ $ \A \Z \b \B`.
enum RegexAnchor: Sendable {
    case textStart, textEnd, lineStart, lineEnd
    /// `$` without MULTILINE: the end, or just before a newline that ends the text.
    case endOrFinalNewline
    case wordBoundary(ascii: Bool)
    case notWordBoundary(ascii: Bool)
}

/// A bracketed class such as `[^a-z\d_]`, or a single class escape such as `\w`.
struct RegexSet: Sendable {
    enum Item: Sendable {
        case range(UInt32, UInt32)
        case digit(negated: Bool)
        case word(negated: Bool)
        case space(negated: Bool)
    }

    var items: [Item]
    var negated = false
    var fold = false
    var ascii = false

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        var hit = matchesItem(scalar)
        if !hit, fold {
            let lower = ScalarClass.lowercase(scalar)
            let upper = ScalarClass.uppercase(scalar)
            hit = (lower != scalar && matchesItem(lower)) || (upper != scalar && matchesItem(upper))
        }
        return hit != negated
    }

    private func matchesItem(_ scalar: Unicode.Scalar) -> Bool {
        for item in items {
            switch item {
            case .range(let low, let high): if scalar.value >= low, scalar.value <= high { return true }
            case .digit(let negated): if ScalarClass.isDigit(scalar, ascii: ascii) != negated { return true }
            case .word(let negated): if ScalarClass.isWord(scalar, ascii: ascii) != negated { return true }
            case .space(let negated): if ScalarClass.isSpace(scalar, ascii: ascii) != negated { return true }
            }
        }
        return false
    }
}

/// Python 3's meaning of `\d`, `\w`, `\s` and case folding on `str` patterns: Unicode unless
/// the ASCII flag (`(?a)`) is set, so `\d` matches `٣` as it does in Python.
enum ScalarClass {
    static func isDigit(_ scalar: Unicode.Scalar, ascii: Bool) -> Bool {
        if scalar.isASCII || ascii { return scalar.value >= 0x30 && scalar.value <= 0x39 }
        return scalar.properties.generalCategory == .decimalNumber
    }

    static func isWord(_ scalar: Unicode.Scalar, ascii: Bool) -> Bool {
        if scalar.isASCII || ascii {
            let v = scalar.value
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x5F
        }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil
    }

    static func isSpace(_ scalar: Unicode.Scalar, ascii: Bool) -> Bool {
        if scalar.isASCII || ascii {
            let v = scalar.value
            return v == 0x20 || (v >= 0x09 && v <= 0x0D) || (!ascii && v >= 0x1C && v <= 0x1F)
        }
        return scalar.properties.isWhitespace
    }

    static func lowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII {
            return scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(UInt8(scalar.value + 32)) : scalar
        }
        let mapped = scalar.properties.lowercaseMapping.unicodeScalars
        return mapped.count == 1 ? (mapped.first ?? scalar) : scalar
    }

    static func uppercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII {
            return scalar.value >= 0x61 && scalar.value <= 0x7A ? Unicode.Scalar(UInt8(scalar.value - 32)) : scalar
        }
        let mapped = scalar.properties.uppercaseMapping.unicodeScalars
        return mapped.count == 1 ? (mapped.first ?? scalar) : scalar
    }

    static func equal(_ a: Unicode.Scalar, _ b: Unicode.Scalar, fold: Bool) -> Bool {
        a == b || (fold && lowercase(a) == lowercase(b))
    }
}
