/// Python `re` patterns — the dialect Ansible users write, lookbehind included — compiled by
/// `RegexParser` and run by `RegexMachine` on Unicode scalars, as Python matches `str`.
struct PythonRegex: Sendable {
    let program: RegexProgram
    /// Group names in the order they appear, for `\g<name>` and `groupdict`-style access.
    var groupNames: [String] { program.groupNames }

    struct Match {
        /// The whole match followed by each group; `nil` for a group that did not take part.
        var groups: [String?]
        /// Where the match lies, in Unicode scalars of the text.
        var range: Range<Int>
        var named: [String: String?]
        var whole: String { groups[0] ?? "" }
    }

    /// Steps a match may take per second of its time bound: a backtracking step costs a few
    /// nanoseconds, so on a fast machine the step budget and the clock end a runaway match alike.
    static let stepsPerSecond = 40_000_000.0

    init(pattern: String, ignoreCase: Bool, multiline: Bool, dotAll: Bool = false) throws(TemplateFailure) {
        do throws(RegexSyntaxError) {
            program = try RegexProgram.compile(
                pattern, flags: RegexFlags(ignoreCase: ignoreCase, multiline: multiline, dotAll: dotAll))
        } catch {
            throw TemplateFailure(
                .filterError, "invalid regular expression '\(pattern)': \(error.message) at position \(error.position)",
                at: 0)
        }
    }

    /// The first match, found within `seconds` (see `RegexMachine`) or refused as a limit.
    /// `anchored` is Python's `re.match`; `whole` is `re.fullmatch`.
    func firstMatch(in text: String, anchored: Bool = false, whole: Bool = false, within seconds: Double, at offset: Int)
        throws(TemplateFailure) -> Match?
    {
        let scalars = Array(text.unicodeScalars)
        return try guarded(seconds, scalars, at: offset) { machine throws(RegexBudgetExceeded) in
            try search(&machine, from: 0, anchored: anchored || whole, requiredEnd: whole ? scalars.count : nil)
        }
    }

    /// Every non-overlapping match, left to right, with Python 3.7's rule for empty matches: one
    /// may follow a non-empty match directly, but not another empty match at the same place.
    func allMatches(in text: String, within seconds: Double, at offset: Int) throws(TemplateFailure) -> [Match] {
        let scalars = Array(text.unicodeScalars)
        return try guarded(seconds, scalars, at: offset) { machine throws(RegexBudgetExceeded) in
            var matches: [Match] = []
            var position = 0
            var emptyAt: Int?
            while position <= scalars.count,
                let match = try search(&machine, from: position, forbidEmptyAt: emptyAt)
            {
                matches.append(match)
                position = match.range.upperBound
                emptyAt = match.range.isEmpty ? position : nil
            }
            return matches
        }
    }

    private func search(
        _ machine: inout RegexMachine, from start: Int, anchored: Bool = false, requiredEnd: Int? = nil,
        forbidEmptyAt: Int? = nil
    ) throws(RegexBudgetExceeded) -> Match? {
        let last = anchored ? start : machine.text.count
        var slots = [Int](repeating: -1, count: program.slotCount)
        for candidate in start...max(start, last) where candidate <= machine.text.count {
            if try machine.run(0, at: candidate, slots: &slots, requiredEnd: requiredEnd, forbidEmptyAt: forbidEmptyAt)
                != nil
            {
                return makeMatch(slots, in: machine.text)
            }
        }
        return nil
    }

    private func guarded<T>(
        _ seconds: Double, _ scalars: [Unicode.Scalar], at offset: Int,
        _ work: (inout RegexMachine) throws(RegexBudgetExceeded) -> T
    ) throws(TemplateFailure) -> T {
        let budget = Int(min(1e15, max(1, seconds * Self.stepsPerSecond)))
        var machine = RegexMachine(program: program, text: scalars, seconds: seconds, budget: budget)
        do {
            return try work(&machine)
        } catch {
            throw TemplateFailure(
                .limit,
                "regular expression did not finish within \(seconds.formatted) seconds; nested repetition such as "
                    + "'(a+)+' can take exponential time on text that does not match",
                at: offset)
        }
    }

    private func makeMatch(_ slots: [Int], in text: [Unicode.Scalar]) -> Match {
        var groups: [String?] = []
        groups.reserveCapacity(program.groupCount + 1)
        for group in 0...program.groupCount {
            let start = slots[2 * group]
            let end = slots[2 * group + 1]
            groups.append(start >= 0 && end >= start ? String(String.UnicodeScalarView(text[start..<end])) : nil)
        }
        var named: [String: String?] = [:]
        for (name, index) in program.groupIndex { named[name] = groups[index] }
        return Match(groups: groups, range: slots[0]..<slots[1], named: named)
    }

    /// `re.sub`: replaces up to `count` matches (0 = all), expanding `\1`, `\g<1>`, `\g<name>`
    /// and the usual escapes in the replacement as Python does.
    func replace(in text: String, with template: String, count: Int, within seconds: Double, at offset: Int)
        throws(TemplateFailure) -> String
    {
        let pieces = try Self.parseReplacement(template, at: offset)
        let scalars = Array(text.unicodeScalars)
        // UTF-8 bytes: appending to a String scalar by scalar reallocates on every call.
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        func copy(_ range: Range<Int>) {
            for scalar in scalars[range] { UTF8.encode(scalar) { out.append($0) } }
        }
        var cursor = 0
        var built = 0
        var replaced = 0
        for match in try allMatches(in: text, within: seconds, at: offset) {
            if count > 0, replaced >= count { break }
            let expansion = try expand(pieces, match, at: offset)
            // Counted as it grows: the view's `count` walks the whole text each time.
            built += match.range.lowerBound - cursor + expansion.utf8.count
            try BuildBounds.check(projected: built, "regex_replace", at: offset)
            copy(cursor..<match.range.lowerBound)
            out.append(contentsOf: expansion.utf8)
            cursor = match.range.upperBound
            replaced += 1
        }
        copy(cursor..<scalars.count)
        return String(decoding: out, as: UTF8.self)
    }

    /// A replacement parsed once into literal text and group references, so that each match
    /// costs a few appends instead of another pass over a template that may be long.
    enum ReplacementPiece {
        case text(String)
        case group(String)
    }

    static func parseReplacement(_ template: String, at offset: Int) throws(TemplateFailure) -> [ReplacementPiece] {
        var pieces: [ReplacementPiece] = []
        var literal = ""
        func group(_ reference: String) {
            if !literal.isEmpty { pieces.append(.text(literal)) }
            literal = ""
            pieces.append(.group(reference))
        }
        var chars = Array(template)[...]
        while let c = chars.popFirst() {
            guard c == "\\", let next = chars.popFirst() else {
                literal.append(c)
                continue
            }
            switch next {
            case "g":
                guard chars.first == "<", let close = chars.firstIndex(of: ">") else {
                    throw TemplateFailure(.filterError, "missing '<' or '>' in a \\g<…> reference", at: offset)
                }
                group(String(chars[chars.index(after: chars.startIndex)..<close]))
                chars = chars[chars.index(after: close)...]
            case "0"..."9":
                var digits = String(next)
                if let d = chars.first, d.isASCII, d.isNumber {
                    digits.append(d)
                    chars.removeFirst()
                }
                group(digits)
            case "n": literal += "\n"
            case "t": literal += "\t"
            case "r": literal += "\r"
            case "\\": literal += "\\"
            default:
                literal.append("\\")
                literal.append(next)
            }
        }
        if !literal.isEmpty { pieces.append(.text(literal)) }
        return pieces
    }

    func expand(_ pieces: [ReplacementPiece], _ match: Match, at offset: Int) throws(TemplateFailure) -> String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let text):
                out += text
            case .group(let reference):
                if let index = Int(reference) {
                    guard index < match.groups.count else {
                        throw TemplateFailure(.filterError, "invalid group reference \(index)", at: offset)
                    }
                    out += match.groups[index] ?? ""
                } else {
                    guard let value = match.named[reference] else {
                        throw TemplateFailure(.filterError, "unknown group name '\(reference)'", at: offset)
                    }
                    out += value ?? ""
                }
            }
        }
        return out
    }
}

/// Compiled patterns shared by every render: compiling a pattern costs far more than matching
/// a short string with it.
final class RegexCache: @unchecked Sendable {
    private let lock = PlainLock()
    private var entries: [String: PythonRegex] = [:]
    private static let capacity = 1024

    func regex(_ pattern: String, ignoreCase: Bool = false, multiline: Bool = false, at offset: Int)
        throws(TemplateFailure) -> PythonRegex
    {
        let key = "\(ignoreCase ? 1 : 0)\(multiline ? 1 : 0)\(pattern)"
        lock.lock()
        if let cached = entries[key] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let compiled: PythonRegex
        do throws(TemplateFailure) {
            compiled = try PythonRegex(pattern: pattern, ignoreCase: ignoreCase, multiline: multiline)
        } catch {
            throw TemplateFailure(error.kind, error.message, at: offset)
        }
        lock.lock()
        if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = compiled
        lock.unlock()
        return compiled
    }
}

extension Double {
    /// `5` rather than `5.0` for whole seconds.
    fileprivate var formatted: String {
        self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
