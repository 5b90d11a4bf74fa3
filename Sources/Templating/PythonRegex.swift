/// Python `re` patterns run on the standard library's `Regex` (matching Unicode scalars, as
/// Python does), with the differences that matter in playbooks translated: `(?P<name>…)`,
/// `(?P=name)`, `\Z`, a leading `]` in a class, and `\1` / `\g<name>` replacements.
/// Lookbehind assertions are not supported by the standard library's engine and are reported
/// as such.
struct PythonRegex: @unchecked Sendable {
    // A compiled Regex is an immutable value, safe to share across threads.
    let regex: Regex<AnyRegexOutput>
    /// Group names in the order they appear, for `\g<name>` and `groupdict`-style access.
    let groupNames: [String]

    struct Match {
        /// The whole match followed by each group; `nil` for a group that did not take part.
        var groups: [String?]
        var range: Range<String.Index>
        var named: [String: String?]
        var whole: String { groups[0] ?? "" }
    }

    init(pattern: String, ignoreCase: Bool, multiline: Bool, dotAll: Bool = false) throws(TemplateFailure) {
        let (translated, names) = Self.translate(pattern)
        do {
            regex = try Regex(translated)
                .matchingSemantics(.unicodeScalar)
                .ignoresCase(ignoreCase)
                .anchorsMatchLineEndings(multiline)
                .dotMatchesNewlines(dotAll)
        } catch {
            throw TemplateFailure(.filterError, "invalid regular expression '\(pattern)': \(error)", at: 0)
        }
        groupNames = names
    }

    /// Rewrites the Python-only syntax outside character classes.
    static func translate(_ pattern: String) -> (String, [String]) {
        var out = ""
        var names: [String] = []
        var chars = Array(pattern)[...]
        var inClass = false
        while let c = chars.popFirst() {
            if c == "\\", let next = chars.popFirst() {
                if next == "Z", !inClass { out += "\\z" } else { out += "\\\(next)" }
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
                out.append(c)
                continue
            }
            if c == "[" {
                inClass = true
                out.append(c)
                // A `]` right after `[` or `[^` is literal in both dialects.
                if chars.first == "^" { out.append(chars.removeFirst()) }
                if chars.first == "]" {
                    chars.removeFirst()
                    out += "\\]"
                }
                continue
            }
            if c == "(", chars.starts(with: "?P<") {
                chars.removeFirst(3)
                let name = String(chars.prefix { $0 != ">" })
                names.append(name)
                out += "(?<"
                continue
            }
            if c == "(", chars.starts(with: "?P=") {
                chars.removeFirst(3)
                let name = String(chars.prefix { $0 != ")" })
                chars.removeFirst(min(chars.count, name.count + 1))
                out += "\\k<\(name)>"
                continue
            }
            if c == "(", chars.starts(with: "?<"), let third = chars.dropFirst(2).first, third != "=", third != "!" {
                names.append(String(chars.dropFirst(2).prefix { $0 != ">" }))
            }
            out.append(c)
        }
        return (out, names)
    }

    /// The first match, found within `seconds` (see `RegexWatchdog`) or refused as a limit.
    func firstMatch(in text: String, anchored: Bool = false, within seconds: Double, at offset: Int)
        throws(TemplateFailure) -> Match?
    {
        try guarded(seconds, at: offset) {
            let found = anchored ? text.prefixMatch(of: regex) : text.firstMatch(of: regex)
            return found.map { makeMatch($0) }
        }
    }

    func allMatches(in text: String, within seconds: Double, at offset: Int) throws(TemplateFailure) -> [Match] {
        try guarded(seconds, at: offset) { text.matches(of: regex).map { makeMatch($0) } }
    }

    private func guarded<T>(_ seconds: Double, at offset: Int, _ work: @escaping @Sendable () -> T)
        throws(TemplateFailure) -> T
    {
        let result = ResultSlot<T>()
        guard RegexWatchdog.shared.run(seconds: seconds, { result.value = work() }), let value = result.value else {
            throw TemplateFailure(
                .limit,
                "regular expression did not finish within \(seconds.formatted) seconds; nested repetition such as "
                    + "'(a+)+' can take exponential time on text that does not match",
                at: offset)
        }
        return value
    }

    private func makeMatch(_ result: Regex<AnyRegexOutput>.Match) -> Match {
        let output = result.output
        var groups: [String?] = []
        groups.reserveCapacity(output.count)
        for capture in output {
            groups.append(capture.substring.map(String.init))
        }
        var named: [String: String?] = [:]
        for name in groupNames {
            named[name] = output[name]?.substring.map(String.init)
        }
        return Match(groups: groups, range: result.range, named: named)
    }

    /// `re.sub`: replaces up to `count` matches (0 = all), expanding `\1`, `\g<1>`, `\g<name>`
    /// and the usual escapes in the replacement as Python does.
    func replace(in text: String, with template: String, count: Int, within seconds: Double, at offset: Int)
        throws(TemplateFailure) -> String
    {
        let pieces = try Self.parseReplacement(template, at: offset)
        var out = ""
        var cursor = text.startIndex
        var replaced = 0
        for match in try allMatches(in: text, within: seconds, at: offset) {
            if count > 0, replaced >= count { break }
            out += text[cursor..<match.range.lowerBound]
            out += try expand(pieces, match, at: offset)
            try BuildBounds.check(projected: out.utf8.count, "regex_replace", at: offset)
            cursor = match.range.upperBound
            replaced += 1
        }
        out += text[cursor...]
        return out
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

/// A match result handed back from the watchdog's thread; written before the handoff completes.
private final class ResultSlot<T>: @unchecked Sendable {
    var value: T?
}

extension Double {
    /// `5` rather than `5.0` for whole seconds.
    fileprivate var formatted: String {
        self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
