extension RegexParser {
    /// After `(`: a capturing group or one of Python's `(?…)` extensions.
    mutating func parseGroup() throws(RegexSyntaxError) -> RegexNode? {
        let start = position - 1
        guard current == "?" else { return try captureGroup(name: nil) }
        position += 1
        if skip(":") { return try closed(parseAlternation()) }
        if skip("P<") { return try captureGroup(name: try groupName(until: ">")) }
        if skip("P=") {
            let name = try groupName(until: ")")
            guard let index = groupIndex[name] else { throw fail("unknown group name '\(name)'", at: start) }
            return .backreference(index, fold: flags.ignoreCase)
        }
        if skip("=") { return .look(try closed(parseAlternation()), behind: false, negative: false) }
        if skip("!") { return .look(try closed(parseAlternation()), behind: false, negative: true) }
        if skip("<=") { return try lookbehind(negative: false, at: start) }
        if skip("<!") { return try lookbehind(negative: true, at: start) }
        if skip("<") { return try captureGroup(name: try groupName(until: ">")) }
        if skip(">") { return .atomic(try closed(parseAlternation())) }
        if skip("#") {
            while let c = current, c != ")" { position += 1 }
            guard current == ")" else { throw fail("missing ), unterminated comment", at: start) }
            position += 1
            return nil
        }
        if current == "(" { throw fail("conditional groups (?(…)…) are not supported", at: start) }
        return try flagGroup(at: start)
    }

    private mutating func captureGroup(name: String?) throws(RegexSyntaxError) -> RegexNode {
        groupCount += 1
        let index = groupCount
        if let name {
            guard groupIndex[name] == nil else { throw fail("redefinition of group name '\(name)'") }
            groupIndex[name] = index
            groupNames.append(name)
        }
        openGroups.insert(index)
        defer { openGroups.remove(index) }
        return .capture(try closed(parseAlternation()), index: index)
    }

    private mutating func lookbehind(negative: Bool, at start: Int) throws(RegexSyntaxError) -> RegexNode {
        let body = try closed(parseAlternation())
        guard body.fixedWidth != nil else { throw fail("look-behind requires fixed-width pattern", at: start) }
        return .look(body, behind: true, negative: negative)
    }

    private mutating func closed(_ node: RegexNode) throws(RegexSyntaxError) -> RegexNode {
        guard current == ")" else { throw fail("missing ), unterminated subpattern") }
        position += 1
        return node
    }

    private mutating func groupName(until terminator: Unicode.Scalar) throws(RegexSyntaxError) -> String {
        let start = position
        var name = ""
        while let c = current, c != terminator {
            name.unicodeScalars.append(c)
            position += 1
        }
        guard current == terminator else { throw fail("missing \(terminator), unterminated name", at: start) }
        position += 1
        let valid = name.unicodeScalars.first.map { !ScalarClass.isDigit($0, ascii: false) } ?? false
            && name.unicodeScalars.allSatisfy { ScalarClass.isWord($0, ascii: false) }
        guard valid else { throw fail("bad character in group name '\(name)'", at: start) }
        return name
    }

    /// `(?aimsx)` for the rest of the pattern, `(?aimsx-imsx:…)` for a group.
    private mutating func flagGroup(at start: Int) throws(RegexSyntaxError) -> RegexNode? {
        var on = flags
        var turningOff = false
        while let c = current, c != ")", c != ":" {
            position += 1
            switch c {
            case "-": turningOff = true
            case "i": on.ignoreCase = !turningOff
            case "m": on.multiline = !turningOff
            case "s": on.dotAll = !turningOff
            case "x": on.verbose = !turningOff
            case "a": on.ascii = !turningOff
            case "u": break
            case "L": throw fail("bad inline flags: cannot use 'L' flag with a str pattern", at: start)
            default: throw fail("unknown extension ?\(c)", at: start)
            }
        }
        guard let end = current else { throw fail("missing ), unterminated subpattern", at: start) }
        position += 1
        if end == ")" {
            guard start == globalFlagsEnd else {
                throw fail("global flags not at the start of the expression", at: start)
            }
            globalFlagsEnd = position
            flags = on
            return nil
        }
        let saved = flags
        flags = on
        defer { flags = saved }
        return try closed(parseAlternation())
    }
}
