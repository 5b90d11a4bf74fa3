/// OpenSSH host patterns, shared by known_hosts host fields and ssh_config `Host` lines:
/// `*` and `?` wildcards, `!` negation, case-insensitive.
enum HostPattern {
    /// Whether `name` matches a pattern list: at least one positive pattern matches and no
    /// negated one does (a negated match wins over everything, as in OpenSSH).
    static func matches(_ name: String, patterns: [String]) -> Bool {
        var matched = false
        for pattern in patterns {
            if pattern.hasPrefix("!") {
                if wildcardMatch(Array(name.lowercased().utf8), Array(pattern.dropFirst().lowercased().utf8)) {
                    return false
                }
            } else if wildcardMatch(Array(name.lowercased().utf8), Array(pattern.lowercased().utf8)) {
                matched = true
            }
        }
        return matched
    }

    /// Glob match with `*` (any run) and `?` (one byte), iterative with one backtrack point so a
    /// hostile pattern like `*a*a*a*b` cannot make it exponential.
    static func wildcardMatch(_ text: [UInt8], _ pattern: [UInt8]) -> Bool {
        var t = 0
        var p = 0
        var starPattern = -1
        var starText = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == UInt8(ascii: "?") || pattern[p] == text[t] {
                t += 1
                p += 1
            } else if p < pattern.count, pattern[p] == UInt8(ascii: "*") {
                starPattern = p
                starText = t
                p += 1
            } else if starPattern >= 0 {
                p = starPattern + 1
                starText += 1
                t = starText
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }
}
