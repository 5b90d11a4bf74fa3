import Inventory

/// The order ansible-core gives the hosts of a play's pattern: term by term as written
/// (`db1,web2,web1` runs db1 first; `db:web` the db hosts, then the web hosts), each term's
/// hosts in inventory order; `&` and `!` terms only narrow the selection.
enum PatternOrder {
    static func arrange(_ hosts: [Host], pattern: String, inventory: Inventory) -> [Host] {
        var rank: [String: Int] = [:]
        for term in terms(of: pattern) where !term.hasPrefix("!") && !term.hasPrefix("&") {
            // A term that selects nothing alone (a typo) was reported with the whole pattern.
            guard let matched = try? inventory.select(term) else { continue }
            for host in matched where rank[host.name] == nil { rank[host.name] = rank.count }
        }
        let positions = Dictionary(uniqueKeysWithValues: hosts.enumerated().map { ($1.name, $0) })
        return hosts.sorted { a, b in
            let ra = rank[a.name] ?? Int.max
            let rb = rank[b.name] ?? Int.max
            return ra != rb ? ra < rb : positions[a.name, default: 0] < positions[b.name, default: 0]
        }
    }

    /// The terms of a pattern that name no host (ansible-core warns of each and goes on).
    static func unmatchedTerms(of pattern: String, inventory: Inventory) -> [String] {
        terms(of: pattern).compactMap { term in
            let name = term.hasPrefix("!") || term.hasPrefix("&") ? String(term.dropFirst()) : term
            guard let matched = try? inventory.select(name) else { return name }
            return matched.isEmpty ? name : nil
        }
    }

    static func terms(of pattern: String) -> [String] { Inventory.patternTerms(pattern) }
}
