/// PEP 440 versions (`1.0.post1`, `2.0rc1`, `1!1.0`, `1.0.dev3+local.7`), ordered as Python's
/// `packaging.version.Version` orders them, for `version(..., version_type='pep440')`.
extension VersionComparison {
    struct PEP440: Comparable {
        var epoch = 0
        var release: [Int] = []
        /// `a`, `b` or `rc` with its number.
        var pre: (String, Int)?
        var post: Int?
        var dev: Int?
        /// Local segments: numbers sort after words, words among themselves by text.
        var local: [String]?

        static let pattern =
            #"^\s*v?(?:([0-9]+)!)?([0-9]+(?:\.[0-9]+)*)"#
            + #"(?:[-_.]?(alpha|beta|preview|pre|rc|a|b|c)[-_.]?([0-9]+)?)?"#
            + #"(?:-([0-9]+)|[-_.]?(post|rev|r)[-_.]?([0-9]+)?)?"#
            + #"(?:[-_.]?(dev)[-_.]?([0-9]+)?)?"#
            + #"(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$"#

        /// Reads the groups of `pattern`'s match; nil when a number is too large to hold.
        init?(groups: [String?]) {
            func number(_ index: Int) -> Int? { groups[index].flatMap { Int($0) } }
            guard groups.count >= 11, let releaseText = groups[2] else { return nil }
            epoch = number(1) ?? 0
            for part in releaseText.split(separator: ".") {
                guard let value = Int(part) else { return nil }
                release.append(value)
            }
            if let letter = groups[3]?.lowercased() {
                let normalized = ["alpha": "a", "beta": "b", "c": "rc", "pre": "rc", "preview": "rc"][letter] ?? letter
                pre = (normalized, number(4) ?? 0)
            }
            if groups[5] != nil {
                post = number(5)
            } else if groups[6] != nil {
                post = number(7) ?? 0
            }
            if groups[8] != nil { dev = number(9) ?? 0 }
            local = groups[10].map { text in
                text.lowercased().split(whereSeparator: { "-_.".contains($0) }).map(String.init)
            }
        }

        /// packaging's ordering: a dev release of a final version comes before its pre-releases,
        /// a pre-release before the final one, post releases after it, and a local label after
        /// the same version without one.
        private var key: [Rank] {
            var parts: [Rank] = [.number(epoch)]
            var trimmed = release
            while trimmed.count > 1, trimmed.last == 0 { trimmed.removeLast() }
            parts.append(.sequence(trimmed.map(Rank.number)))
            if let pre {
                parts.append(.sequence([.word(pre.0), .number(pre.1)]))
            } else {
                parts.append(post == nil && dev != nil ? .lowest : .highest)
            }
            parts.append(post.map(Rank.number) ?? .lowest)
            parts.append(dev.map(Rank.number) ?? .highest)
            if let local {
                parts.append(.sequence(local.map { Int($0).map { .sequence([.number($0), .word("")]) } ?? .sequence([.lowest, .word($0)]) }))
            } else {
                parts.append(.lowest)
            }
            return parts
        }

        static func < (a: PEP440, b: PEP440) -> Bool { Rank.sequence(a.key) < Rank.sequence(b.key) }
        static func == (a: PEP440, b: PEP440) -> Bool { Rank.sequence(a.key) == Rank.sequence(b.key) }
    }

    /// One place in a comparison key, with packaging's infinities at both ends.
    indirect enum Rank: Comparable {
        case lowest
        case number(Int)
        case word(String)
        case sequence([Rank])
        case highest

        private var order: Int {
            switch self {
            case .lowest: return 0
            case .number, .word, .sequence: return 1
            case .highest: return 2
            }
        }

        static func < (a: Rank, b: Rank) -> Bool {
            switch (a, b) {
            case (.number(let x), .number(let y)): return x < y
            case (.word(let x), .word(let y)): return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
            case (.sequence(let x), .sequence(let y)):
                for (p, q) in zip(x, y) where p != q { return p < q }
                return x.count < y.count
            default: return a.order < b.order
            }
        }
    }
}
