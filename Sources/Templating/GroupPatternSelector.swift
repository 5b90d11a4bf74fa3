import Values

/// Host patterns (`web:&prod:!web3`, `db*`, `~app\d+`, `web[0:2]`) evaluated over the `groups`
/// variable, as ansible-core's `inventory_hostnames` lookup evaluates them.
struct GroupPatternSelector {
    /// Group name to its hosts, in inventory order.
    let groups: [(name: String, hosts: [String])]
    /// Every host once, in the order the groups first list them.
    let allHosts: [String]
    let call: LookupCall

    init(groups: ValueDict, call: LookupCall) {
        var table: [(name: String, hosts: [String])] = []
        var all: [String] = []
        var seen: Set<String> = []
        for (name, hosts) in groups {
            let names = hosts.listValue?.map(\.pythonString) ?? []
            table.append((name, names))
            for host in names where seen.insert(host).inserted { all.append(host) }
        }
        self.groups = table
        self.allHosts = all
        self.call = call
    }

    func select(_ patterns: [String]) throws(TemplateFailure) -> [String] {
        var terms: [String] = []
        for pattern in patterns { terms += Self.split(pattern) }
        // Unions first, then intersections, then exclusions; with no union, everything is the start.
        let unions = terms.filter { !$0.hasPrefix("&") && !$0.hasPrefix("!") }
        let ordered = (unions.isEmpty ? ["all"] : unions)
            + terms.filter { $0.hasPrefix("&") } + terms.filter { $0.hasPrefix("!") }
        var hosts: [String] = []
        for term in ordered {
            if term.hasPrefix("&") {
                let matched = Set(try match(String(term.dropFirst())))
                hosts = hosts.filter(matched.contains)
            } else if term.hasPrefix("!") {
                let matched = Set(try match(String(term.dropFirst())))
                hosts = hosts.filter { !matched.contains($0) }
            } else {
                let present = Set(hosts)
                hosts += try match(term).filter { !present.contains($0) }
            }
        }
        return hosts
    }

    /// Commas always separate terms; without a comma, colons outside `[...]` do.
    static func split(_ pattern: String) -> [String] {
        if pattern.contains(",") {
            return pattern.split(separator: ",").map { PythonStrings.strip(String($0), characters: nil) }
                .filter { !$0.isEmpty }
        }
        var terms: [String] = []
        var current = ""
        var depth = 0
        for character in pattern {
            if character == "[" { depth += 1 }
            if character == "]" { depth = max(0, depth - 1) }
            if character == ":" && depth == 0 {
                terms.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        terms.append(current)
        return terms.map { PythonStrings.strip($0, characters: nil) }.filter { !$0.isEmpty }
    }

    /// The hosts one term names: the hosts of the groups it matches, and hosts matched by name
    /// when no group matched or the term is a wildcard, a regex or has a dot.
    private func match(_ term: String) throws(TemplateFailure) -> [String] {
        var (pattern, range) = term.hasPrefix("~") ? (term, nil) : Self.subscripted(term)
        if pattern == "*" { pattern = "all" }
        let matcher = try nameMatcher(pattern)
        var hosts: [String] = []
        var seen: Set<String> = []
        var groupMatched = false
        for group in groups where try matcher(group.name) {
            groupMatched = true
            for host in group.hosts where seen.insert(host).inserted { hosts.append(host) }
        }
        if !groupMatched || pattern.hasPrefix("~") || pattern.contains(where: { ".?*[".contains($0) }) {
            for host in allHosts where !seen.contains(host) {
                if try matcher(host) {
                    seen.insert(host)
                    hosts.append(host)
                }
            }
        }
        if hosts.isEmpty, ["localhost", "127.0.0.1", "::1"].contains(pattern) { return [pattern] }
        guard let range else { return hosts }
        return range(hosts)
    }

    /// `name[3]`, `name[-1]`, `name[1:3]` (both ends included), `name[1:]`; `[:2]` is no subscript.
    static func subscripted(_ term: String) -> (String, (([String]) -> [String])?) {
        guard term.hasSuffix("]"), let open = term.lastIndex(of: "["), open != term.startIndex else { return (term, nil) }
        let base = String(term[..<open])
        let body = term[term.index(after: open)..<term.index(before: term.endIndex)]
        if let index = Int(body) {
            return (base, { hosts in
                let position = index < 0 ? hosts.count + index : index
                return hosts.indices.contains(position) ? [hosts[position]] : []
            })
        }
        // `[x-y]` was Ansible's old spelling; ansible-core now warns and keeps only `[x]`.
        let separator: Character = body.contains("-") ? "-" : ":"
        let parts = body.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Int(parts[0]), start >= 0, parts[1].isEmpty || Int(parts[1]) != nil
        else { return (term, nil) }
        let end = separator == "-" ? start : Int(parts[1])
        return (base, { hosts in
            let last = min(end ?? hosts.count - 1, hosts.count - 1)
            guard start >= 0, start <= last else { return [] }
            return Array(hosts[start...last])
        })
    }

    /// `~regex` matches at the start of a name (Python's `re.match`); anything else is an
    /// `fnmatch` wildcard, which without `* ? [` is plain equality.
    private func nameMatcher(_ pattern: String) throws(TemplateFailure) -> (String) throws(TemplateFailure) -> Bool {
        let interpreter = call.interpreter
        let offset = call.offset
        if pattern.hasPrefix("~") {
            let regex = try interpreter.regexCache.regex(String(pattern.dropFirst()), at: offset)
            return { name throws(TemplateFailure) in
                try regex.firstMatch(in: name, anchored: true, within: interpreter.limits.maxRegexSeconds, at: offset) != nil
            }
        }
        guard pattern.contains(where: { "*?[".contains($0) }) else { return { $0 == pattern } }
        let regex = try interpreter.regexCache.regex(Self.wildcardRegex(pattern), at: offset)
        return { name throws(TemplateFailure) in
            try regex.firstMatch(in: name, whole: true, within: interpreter.limits.maxRegexSeconds, at: offset) != nil
        }
    }

    /// fnmatch's translation: `*` any run, `?` one character, `[...]` / `[!...]` a set.
    static func wildcardRegex(_ pattern: String) -> String {
        var out = ""
        var characters = pattern[...]
        while let character = characters.popFirst() {
            switch character {
            case "*": out += "(?s:.*)"
            case "?": out += "(?s:.)"
            case "[":
                guard let close = characters.dropFirst(characters.first == "!" ? 2 : 1).firstIndex(of: "]") else {
                    out += "\\["
                    continue
                }
                var set = characters[..<close].map { $0 == "\\" ? "\\\\" : String($0) }.joined()
                characters = characters[characters.index(after: close)...]
                if set.hasPrefix("!") { set = "^" + set.dropFirst() } else if set.hasPrefix("^") { set = "\\" + set }
                out += "[" + set + "]"
            default:
                out += character.isLetter || character.isNumber ? String(character) : "\\" + String(character)
            }
        }
        return out
    }
}
