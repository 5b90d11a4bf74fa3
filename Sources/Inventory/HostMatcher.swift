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
