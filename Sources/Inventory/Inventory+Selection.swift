import Diagnostics

extension Inventory {
    /// The terms of a host pattern as selection reads them (split at commas, or at colons
    /// outside `[…]` and IPv6 addresses), `!`/`&` prefixes kept; empty for a malformed pattern.
    public static func patternTerms(_ pattern: String) -> [String] {
        (try? HostPattern.split(pattern)) ?? []
    }

    /// The hosts a pattern selects, with Ansible's semantics: every union term first, then the
    /// intersections (`:&`), then the exclusions (`:!`), each in written order; a pattern with
    /// only `&`/`!` terms starts from `all`. Results come in inventory order without duplicates
    /// (an implicit localhost last). Matching nothing is not an error: the result is empty.
    public func select(_ pattern: String, mark: Mark? = nil) throws(Diagnostic) -> [Host] {
        do {
            return hosts(for: try evaluate(try HostPattern(pattern)))
        } catch {
            throw error.diagnostic(at: mark)
        }
    }

    /// `--limit`: the hosts of `hosts` (a play's selection) that the limit pattern also
    /// selects, in their given order. `@path` components read one pattern per line from a file,
    /// like Ansible's retry files (blank lines and `#` comments skipped).
    public func restrict(_ hosts: [Host], limit: String) throws(Diagnostic) -> [Host] {
        let mark = Mark.synthetic("--limit")
        var components: [String] = []
        do {
            for component in try HostPattern.split(limit) {
                if component.hasPrefix("@") {
                    components += try limitFileLines(String(component.dropFirst()))
                } else {
                    components.append(component)
                }
            }
            let parsed = try HostPattern(components: components)
            let selected = Set(try evaluate(parsed).map { name(of: $0) })
            return hosts.filter { selected.contains($0.name) }
        } catch {
            throw error.diagnostic(at: mark)
        }
    }

    private func limitFileLines(_ path: String) throws(InventoryError) -> [String] {
        guard FileSystem.kind(of: path) == .file else { throw .limitFileMissing(path) }
        let text: String
        switch FileSystem.readText(path) {
        case .success(let read): text = read
        case .failure(let failure): throw .unreadable(path: path, reason: String(describing: failure))
        }
        var components: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let pattern = line.trimmingBlanks()
            if !pattern.isEmpty, !pattern.hasPrefix("#") { components += try HostPattern.split(pattern) }
        }
        return components
    }

    /// A selected host: an inventory position, or the implicit localhost by the name used.
    enum Selected: Hashable {
        case position(Int)
        case implicit(String)
    }

    private func name(of selected: Selected) -> String {
        switch selected {
        case .position(let index): return hosts[index].name
        case .implicit(let name): return name
        }
    }

    private func hosts(for selection: [Selected]) -> [Host] {
        var positions: [Int] = []
        var implicit: [String] = []
        for item in selection {
            switch item {
            case .position(let index): positions.append(index)
            case .implicit(let name): implicit.append(name)
            }
        }
        return positions.sorted().map { hosts[$0] } + implicit.map { implicitLocalhost(named: $0) }
    }

    func evaluate(_ pattern: HostPattern) throws(InventoryError) -> [Selected] {
        let unions = pattern.terms.filter { $0.operation == .union }
        let intersections = pattern.terms.filter { $0.operation == .intersection }
        let exclusions = pattern.terms.filter { $0.operation == .exclusion }
        var result: [Selected] = []
        var seen = Set<Selected>()
        if unions.isEmpty {
            result = hosts.indices.map(Selected.position)
            seen = Set(result)
        }
        for term in unions {
            // A union term naming a host exactly is that host, even if a group shares the name.
            let matched: [Selected]
            if let exact = hostIndex[term.text] {
                matched = [.position(exact)]
            } else {
                matched = try matchOne(term)
            }
            for item in matched where seen.insert(item).inserted { result.append(item) }
        }
        for term in intersections {
            let keep = Set(try matchOne(term))
            result = result.filter { keep.contains($0) }
        }
        for term in exclusions {
            let drop = Set(try matchOne(term))
            result = result.filter { !drop.contains($0) }
        }
        return result
    }

    /// The hosts one term names before `&`/`!` are applied: its groups' hosts, then matching
    /// hosts, then the subscript; an implicit localhost if a localhost name matched nothing.
    private func matchOne(_ term: HostPattern.Term) throws(InventoryError) -> [Selected] {
        var matched: [Selected] = []
        var seen = Set<Selected>()
        func add(_ item: Selected) {
            if seen.insert(item).inserted { matched.append(item) }
        }
        var matchedGroup = false
        switch term.matcher {
        case .exact(let name):
            if groups[name] != nil {
                matchedGroup = true
                for position in groupHostPositions(name) { add(.position(position)) }
            }
        case .glob, .regex:
            for name in groupOrder where term.matcher.matches(name) {
                matchedGroup = true
                for position in groupHostPositions(name) { add(.position(position)) }
            }
        }
        if !matchedGroup || term.matcher.alsoMatchesHosts {
            if case .exact(let name) = term.matcher {
                if let index = hostIndex[name] { add(.position(index)) }
            } else {
                for (index, host) in hosts.enumerated() where term.matcher.matches(host.name) { add(.position(index)) }
            }
        }
        if matched.isEmpty, case .exact(let name) = term.matcher, Host.localhostNames.contains(name) {
            add(.implicit(name))
        }
        return try applySubscript(term, to: matched)
    }

    private func applySubscript(_ term: HostPattern.Term, to matched: [Selected]) throws(InventoryError)
        -> [Selected]
    {
        switch term.hostSubscript {
        case nil:
            return matched
        case .index(let index):
            let position = index < 0 ? matched.count + index : index
            guard matched.indices.contains(position) else {
                throw .subscriptOutOfRange(term.text, matched.count)
            }
            return [matched[position]]
        case .slice(let start, let end):
            let last = min(end ?? matched.count - 1, matched.count - 1)
            guard start <= last else { return [] }
            return Array(matched[start...last])
        }
    }

    /// A group's hosts as Ansible lists them: its own in definition order, then those of its
    /// descendants, level by level. `all` is simply every host in inventory order.
    func groupHostPositions(_ name: String) -> [Int] {
        if name == Group.all { return Array(hosts.indices) }
        var positions: [Int] = []
        var seenHosts = Set<Int>()
        var seenGroups: Set<String> = [name]
        var level = [name]
        while !level.isEmpty {
            var next: [String] = []
            for groupName in level {
                guard let group = groups[groupName] else { continue }
                for host in group.hosts {
                    if let index = hostIndex[host], seenHosts.insert(index).inserted { positions.append(index) }
                }
                for child in group.children where seenGroups.insert(child).inserted { next.append(child) }
            }
            level = next
        }
        return positions
    }
}
