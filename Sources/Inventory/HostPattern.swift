/// A host pattern split into terms, as Ansible's `split_host_pattern` and `_split_subscript`
/// read it: `webservers:&staging:!web03`, `web*,db*`, `~db\d+`, `webservers[0:2]`.
struct HostPattern {
    enum Operation: Equatable {
        case union, intersection, exclusion
    }

    enum Subscript: Equatable {
        case index(Int)
        /// Inclusive at both ends, as in Ansible; `nil` end means "to the last host".
        case slice(Int, Int?)
    }

    struct Term {
        var operation: Operation
        /// The term as written without its `&`/`!`: what Ansible compares with host names.
        var text: String
        var matcher: HostMatcher
        var hostSubscript: Subscript?
    }

    var terms: [Term]

    init(_ pattern: String) throws(InventoryError) {
        terms = []
        for component in try Self.split(pattern) {
            terms.append(try Self.term(component))
        }
    }

    init(components: [String]) throws(InventoryError) {
        terms = []
        for component in components {
            terms.append(try Self.term(component))
        }
    }

    /// The components of a pattern. Commas always separate; without commas, colons do (and
    /// blanks), except inside `[...]` and in a single IPv6 address or `host:port`.
    static func split(_ pattern: String) throws(InventoryError) -> [String] {
        let trimmed = pattern.trimmingBlanks()
        guard !trimmed.isEmpty else { throw .emptyPattern }
        if trimmed.contains(",") {
            var pieces = trimmed.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingBlanks() }
            // `-l host1,` is idiomatic Ansible: one trailing comma is allowed.
            if pieces.count > 1, pieces.last == "" { pieces.removeLast() }
            guard !pieces.contains("") else { throw .emptyPatternComponent(trimmed) }
            return pieces
        }
        if isSingleAddress(trimmed) { return [trimmed] }
        var pieces: [String] = []
        var current = ""
        var depth = 0
        for character in trimmed {
            switch character {
            case "[": depth += 1
            case "]": depth = max(0, depth - 1)
            default: break
            }
            if character == ":" && depth == 0 {
                guard !current.trimmingBlanks().isEmpty else { throw .emptyPatternComponent(trimmed) }
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        guard !current.trimmingBlanks().isEmpty else { throw .emptyPatternComponent(trimmed) }
        pieces.append(current)
        return pieces.flatMap { $0.split(whereSeparator: \.isWhitespace).map(String.init) }
    }

    /// An IPv6 address, `[addr]:port` or `name:port` is one pattern, not two joined by ':'.
    private static func isSingleAddress(_ text: String) -> Bool {
        guard text.contains(":") else { return false }
        if isIPv6Address(text) { return true }
        if text.hasPrefix("["), let close = text.firstIndex(of: "]"),
            !HostAddress.isRangeBody(String(text[text.index(after: text.startIndex)..<close]))
        {
            let rest = text[text.index(after: close)...]
            return rest.isEmpty || (rest.first == ":" && rest.dropFirst().allSatisfy(\.isASCIIDigit) && rest.count > 1)
        }
        guard case .success(let address) = HostAddress.parse(text), address.port != nil else { return false }
        return address.host.allSatisfy { $0.isLetter || $0.isNumber || "._-[]:".contains($0) }
    }

    /// Strict enough that `a:b:c` (three groups) is not mistaken for an address.
    static func isIPv6Address(_ text: String) -> Bool {
        let groups = text.split(separator: ":", omittingEmptySubsequences: false)
        let compressions = text.ranges(of: "::").count
        guard groups.count >= 3, groups.count <= 8, compressions <= 1, !text.contains(":::") else { return false }
        let isGroup: (Substring) -> Bool = { $0.count <= 4 && $0.allSatisfy(\.isHexDigit) }
        let nonEmpty = groups.filter { !$0.isEmpty }
        guard nonEmpty.dropLast().allSatisfy(isGroup) else { return false }
        if let last = nonEmpty.last, !isGroup(last) {
            // An embedded IPv4 address, as in ::ffff:192.0.2.1.
            let octets = last.split(separator: ".", omittingEmptySubsequences: false)
            guard octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) else { return false }
        }
        return compressions == 1 || groups.count == 8
    }

    private static func term(_ component: String) throws(InventoryError) -> Term {
        var operation = Operation.union
        var text = component
        if let first = text.first, first == "&" || first == "!" {
            operation = first == "&" ? .intersection : .exclusion
            text.removeFirst()
            guard let next = text.first, next != "&", next != "!" else {
                throw .nothingAfterOperator(String(first))
            }
        }
        if text.hasPrefix("~") {
            let expression = String(text.dropFirst())
            guard !expression.isEmpty else { throw .nothingAfterOperator("~") }
            return Term(operation: operation, text: text, matcher: try .regex(expression), hostSubscript: nil)
        }
        let (base, hostSubscript) = try splitSubscript(text)
        return Term(operation: operation, text: text, matcher: HostMatcher(base), hostSubscript: hostSubscript)
    }

    /// `name[3]`, `name[-1]`, `name[1:3]`, `name[1:]`, `name[:2]`; a trailing `[...]` made only
    /// of digits, ':' and '-' that fits none of these is a mistake, not a wildcard set.
    static func splitSubscript(_ text: String) throws(InventoryError) -> (String, Subscript?) {
        guard text.hasSuffix("]"), let open = text.lastIndex(of: "["), open != text.startIndex else {
            return (text, nil)
        }
        let base = String(text[..<open])
        let body = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        let isSubscriptLike = !body.isEmpty && body.allSatisfy { $0.isASCIIDigit || $0 == ":" || $0 == "-" }
        guard isSubscriptLike else { return (text, nil) }
        if let index = Int(body), body.first != "+" {
            return (base, .index(index))
        }
        for separator in [":", "-"] as [Character] where body.filter({ $0 == separator }).count == 1 {
            let parts = body.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
            let start = parts[0].isEmpty && separator == ":" ? 0 : Int(parts[0])
            let end = parts[1].isEmpty ? nil : Int(parts[1])
            let endIsValid = parts[1].isEmpty || (end != nil && parts[1].allSatisfy(\.isASCIIDigit))
            if let start, parts[0].allSatisfy(\.isASCIIDigit), endIsValid,
                !(parts[0].isEmpty && parts[1].isEmpty)
            {
                return (base, .slice(start, end))
            }
        }
        throw .badSubscript(text)
    }
}

/// How one pattern term is compared with group and host names.
enum HostMatcher {
    case exact(String)
    case glob(GlobPattern)
    /// Python's `re.match`: the expression must match at the start of the name, not all of it.
    case regex(RegexMatcher)

    init(_ text: String) {
        self = GlobPattern.isGlob(text) ? .glob(GlobPattern(text)) : .exact(text)
    }

    static func regex(_ expression: String) throws(InventoryError) -> HostMatcher {
        .regex(try RegexMatcher(expression))
    }

    func matches(_ name: String) -> Bool {
        switch self {
        case .exact(let expected): return name == expected
        case .glob(let glob): return glob.matches(name)
        case .regex(let regex): return regex.matchesPrefix(of: name)
        }
    }

    /// Ansible looks for hosts as well as groups when the term is a wildcard, a regex, or has a
    /// dot (so `db.example.com` finds the host even if some group had that name).
    var alsoMatchesHosts: Bool {
        switch self {
        case .exact(let name): return name.contains(".")
        case .glob, .regex: return true
        }
    }
}

/// A compiled regular expression from a `~` pattern term.
struct RegexMatcher {
    private let regex: Regex<AnyRegexOutput>

    init(_ expression: String) throws(InventoryError) {
        do {
            regex = try Regex(expression)
        } catch {
            throw .invalidRegex(expression, String(describing: error))
        }
    }

    func matchesPrefix(of name: String) -> Bool {
        (try? regex.prefixMatch(in: name)) != nil
    }
}
