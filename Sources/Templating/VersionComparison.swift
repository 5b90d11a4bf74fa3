/// Version ordering for Ansible's `version` test.
enum VersionComparison {
    /// `LooseVersion`: runs of digits are numbers, runs of lowercase letters and any other text
    /// between them are words, dots only separate; the lists compare as Python compares lists.
    /// A number meeting a word where they differ is Python's TypeError, so nil: `1.0a` against
    /// `1.0.1`, or `abc` against `1.0`.
    static func loose(_ a: String, _ b: String) -> Int? {
        let x = looseComponents(a)
        let y = looseComponents(b)
        for (p, q) in zip(x, y) where p != q {
            switch (p, q) {
            case (.number(let i), .number(let j)): return i < j ? -1 : 1
            case (.text(let s), .text(let t)): return s.unicodeScalars.lexicographicallyPrecedes(t.unicodeScalars) ? -1 : 1
            default: return nil
            }
        }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    }

    /// Python's words for the comparison `loose` could not make.
    static func looseFailure(_ a: String, _ b: String) -> String {
        for (p, q) in zip(looseComponents(a), looseComponents(b)) where p != q {
            if case .number = p { return "'<' not supported between instances of 'int' and 'str'" }
            return "'<' not supported between instances of 'str' and 'int'"
        }
        return "the versions cannot be compared"
    }

    private enum Component: Equatable {
        case number(Int)
        case text(String)
    }

    private enum RunKind { case digits, letters, other }

    private static func looseComponents(_ s: String) -> [Component] {
        var components: [Component] = []
        var current = ""
        var kind = RunKind.other
        func flush() {
            defer { current = "" }
            guard !current.isEmpty, current != "." else { return }
            if kind == .digits, let n = Int(current) { components.append(.number(n)) } else { components.append(.text(current)) }
        }
        for c in s {
            let next: RunKind = c.isASCII && c.isNumber ? .digits : (c.isASCII && c.isLowercase ? .letters : .other)
            // A dot is a component of its own that is dropped; other text runs until a digit or letter.
            if c == "." || next != kind || current == "." {
                flush()
                kind = next
            }
            current.append(c)
        }
        flush()
        return components
    }

    /// `StrictVersion` (`1.2`, `1.2.3`, `1.2a1`, `1.2b3`) or, with `semantic`, SemVer 2.0
    /// (`1.2.3-rc.1+build`). `nil` when either side does not parse.
    static func strict(_ a: String, _ b: String, semantic: Bool) -> Int? {
        guard let x = parse(a, semantic: semantic), let y = parse(b, semantic: semantic) else { return nil }
        for (p, q) in zip(x.numbers, y.numbers) where p != q { return p < q ? -1 : 1 }
        switch (x.prerelease.isEmpty, y.prerelease.isEmpty) {
        case (true, true): return 0
        case (true, false): return 1
        case (false, true): return -1
        default:
            for (p, q) in zip(x.prerelease, y.prerelease) where p != q {
                switch (Int(p), Int(q)) {
                case (let i?, let j?): return i < j ? -1 : 1
                case (.some, nil): return -1
                case (nil, .some): return 1
                default: return p.unicodeScalars.lexicographicallyPrecedes(q.unicodeScalars) ? -1 : 1
                }
            }
            return x.prerelease.count == y.prerelease.count ? 0 : (x.prerelease.count < y.prerelease.count ? -1 : 1)
        }
    }

    private static func parse(_ s: String, semantic: Bool) -> (numbers: [Int], prerelease: [String])? {
        var text = Substring(s)
        if semantic, let plus = text.firstIndex(of: "+") { text = text[..<plus] }
        var prerelease: [String] = []
        if semantic {
            if let dash = text.firstIndex(of: "-") {
                prerelease = text[text.index(after: dash)...].split(separator: ".").map(String.init)
                if prerelease.isEmpty { return nil }
                text = text[..<dash]
            }
        } else if let letter = text.firstIndex(where: { $0 == "a" || $0 == "b" }) {
            let number = text[text.index(after: letter)...]
            guard !number.isEmpty, number.allSatisfy(\.isNumber) else { return nil }
            prerelease = [String(text[letter]), String(number)]
            text = text[..<letter]
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == parts.count, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return nil }
        if semantic { guard numbers.count == 3 else { return nil } } else { guard (2...3).contains(numbers.count) else { return nil } }
        return (numbers + Array(repeating: 0, count: 3 - numbers.count), prerelease)
    }
}
