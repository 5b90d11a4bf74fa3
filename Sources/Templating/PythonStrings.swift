import Values

/// Python's `str` operations that templates call as methods or through filters.
enum PythonStrings {
    static func isSpace(_ c: Character) -> Bool { c.isWhitespace }

    /// `str.split(sep=None, maxsplit=-1)`.
    static func split(_ s: String, separator: String?, maxSplit: Int = -1) -> [String] {
        guard let separator else {
            var parts: [String] = []
            var rest = Substring(s).drop { isSpace($0) }
            while !rest.isEmpty {
                if maxSplit >= 0, parts.count == maxSplit {
                    // Python keeps the remainder's trailing whitespace only when maxsplit stops it.
                    parts.append(String(rest))
                    return parts
                }
                let word = rest.prefix { !isSpace($0) }
                parts.append(String(word))
                rest = rest.dropFirst(word.count).drop { isSpace($0) }
            }
            return parts
        }
        var parts: [String] = []
        var rest = Substring(s)
        while maxSplit < 0 || parts.count < maxSplit, let range = firstRange(of: separator, in: rest) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }

    /// `str.rsplit(sep=None, maxsplit=-1)`.
    static func rsplit(_ s: String, separator: String?, maxSplit: Int = -1) -> [String] {
        if maxSplit < 0 { return split(s, separator: separator) }
        let reversedParts = split(String(s.reversed()), separator: separator.map { String($0.reversed()) }, maxSplit: maxSplit)
        return reversedParts.reversed().map { String($0.reversed()) }
    }

    /// `str.strip(chars=None)` and its one-sided forms.
    static func strip(_ s: String, characters: String?, leading: Bool = true, trailing: Bool = true) -> String {
        let set = characters.map(Set.init)
        func remove(_ c: Character) -> Bool { set.map { $0.contains(c) } ?? isSpace(c) }
        var slice = Substring(s)
        if leading { slice = slice.drop(while: remove) }
        if trailing {
            while let last = slice.last, remove(last) { slice = slice.dropLast() }
        }
        return String(slice)
    }

    /// `str.replace(old, new, count=-1)`; an empty `old` inserts between characters as Python does.
    static func replace(_ s: String, _ old: String, _ new: String, count: Int = -1) -> String {
        if old.isEmpty {
            var out = ""
            var done = 0
            for c in s {
                if count < 0 || done < count { out += new; done += 1 }
                out.append(c)
            }
            if count < 0 || done < count { out += new }
            return out
        }
        var out = ""
        var rest = Substring(s)
        var done = 0
        while count < 0 || done < count, let range = firstRange(of: old, in: rest) {
            out += rest[..<range.lowerBound]
            out += new
            rest = rest[range.upperBound...]
            done += 1
        }
        out += rest
        return out
    }

    /// `str.capitalize()`: first character upper-cased, the rest lower-cased.
    static func capitalize(_ s: String) -> String {
        guard let first = s.first else { return s }
        return first.uppercased() + s.dropFirst().lowercased()
    }

    /// Jinja2's `title`: each word starts upper-case after whitespace, `-`, and brackets.
    static func title(_ s: String) -> String {
        var out = ""
        var startOfWord = true
        for c in s {
            if c.isWhitespace || "-([{<".contains(c) {
                out.append(c)
                startOfWord = true
            } else if startOfWord {
                out += c.uppercased()
                startOfWord = false
            } else {
                out += c.lowercased()
            }
        }
        return out
    }

    /// Python's `str.title()`, which starts a word after any non-letter.
    static func pythonTitle(_ s: String) -> String {
        var out = ""
        var previousIsLetter = false
        for c in s {
            out += previousIsLetter ? c.lowercased() : c.uppercased()
            previousIsLetter = c.isLetter
        }
        return out
    }

    /// `str.find`, counting in characters; -1 when absent.
    /// `str.istitle()`: upper case only after uncased characters, lower case only after cased
    /// ones, and at least one cased character.
    static func isTitle(_ s: String) -> Bool {
        var previousCased = false
        var sawCased = false
        for c in s {
            if c.isUppercase {
                if previousCased { return false }
                previousCased = true
                sawCased = true
            } else if c.isLowercase {
                if !previousCased { return false }
                previousCased = true
                sawCased = true
            } else {
                previousCased = false
            }
        }
        return sawCased
    }

    static func find(_ s: String, _ needle: String, fromEnd: Bool = false) -> Int {
        let range = fromEnd ? lastRange(of: needle, in: Substring(s)) : firstRange(of: needle, in: Substring(s))
        guard let range else { return -1 }
        return s.distance(from: s.startIndex, to: range.lowerBound)
    }

    static func count(_ s: String, _ needle: String) -> Int {
        if needle.isEmpty { return s.count + 1 }
        var n = 0
        var rest = Substring(s)
        while let range = firstRange(of: needle, in: rest) {
            n += 1
            rest = rest[range.upperBound...]
        }
        return n
    }

    /// The first occurrence of `needle`; nil for an empty needle, which callers treat as absent.
    static func firstRange(of needle: String, in s: Substring) -> Range<String.Index>? {
        needle.isEmpty ? nil : s.firstRange(of: needle)
    }

    static func lastRange(of needle: String, in s: Substring) -> Range<String.Index>? {
        guard !needle.isEmpty else { return nil }
        var found: Range<String.Index>?
        var rest = s
        while let range = rest.firstRange(of: needle) {
            found = range
            // Overlapping occurrences count: "aaa".rfind("aa") is 1.
            rest = rest[rest.index(after: range.lowerBound)...]
        }
        return found
    }

    /// Whitespace trimmed from both ends; `newlines: false` keeps line breaks, as Foundation's
    /// `.whitespaces` set does.
    static func trimmed(_ s: some StringProtocol, newlines: Bool = true) -> String {
        func isBlank(_ c: Character) -> Bool { c.isWhitespace && (newlines || !c.isNewline) }
        var slice = Substring(s).drop(while: isBlank)
        while let last = slice.last, isBlank(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
