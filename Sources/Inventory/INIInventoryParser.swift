import Diagnostics
import Values

/// Reads Ansible's INI inventory format into an `InventoryBuilder`, reporting every problem of
/// the file with its line and column instead of stopping at the first.
struct INIInventoryParser {
    let file: String

    private enum Section {
        case hosts(String)
        case vars(String)
        case children(String)
        /// After a broken header: its lines would only produce follow-on errors.
        case skipping
    }

    func parse(_ text: String, into builder: inout InventoryBuilder) {
        // Hosts written before any header belong to `ungrouped`, as in Ansible.
        var section = Section.hosts(Group.ungrouped)
        // Editors on some systems start files with a byte-order mark; it is not part of line 1.
        let text = text.first == "\u{FEFF}" ? text.dropFirst() : Substring(text)
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, line) in lines.enumerated() {
            let lineNumber = index + 1
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            let content = line.dropFirst(indent)
            let mark = Mark(file: file, line: lineNumber, column: indent + 1)
            guard let first = content.first, first != "#", first != ";" else { continue }
            if first == "[" {
                if let header = SectionHeader(content) {
                    section = enter(header, mark: mark, into: &builder)
                    continue
                }
                if content.trimmingBlanks().hasSuffix("]") {
                    builder.report(.invalidSectionHeader(content.trimmingBlanks()), at: mark)
                    section = .skipping
                    continue
                }
            }
            switch section {
            case .hosts(let group): parseHostLine(line, lineNumber: lineNumber, group: group, into: &builder)
            case .vars(let group): parseVariableLine(content, mark: mark, group: group, into: &builder)
            case .children(let group): parseChildLine(content, mark: mark, group: group, into: &builder)
            case .skipping: continue
            }
        }
    }

    private func enter(_ header: SectionHeader, mark: Mark, into builder: inout InventoryBuilder) -> Section {
        let groupMark = Mark(file: file, line: mark.line, column: mark.column + 1)
        switch header.suffix {
        case nil, "hosts":
            builder.declareGroup(header.name, at: groupMark)
            return .hosts(header.name)
        case "vars":
            builder.declareGroup(header.name, at: groupMark)
            return .vars(header.name)
        case "children":
            builder.declareGroup(header.name, at: groupMark)
            return .children(header.name)
        case .some(let suffix):
            let suffixMark = Mark(file: file, line: mark.line, column: mark.column + header.suffixOffset)
            builder.report(.unknownSectionType(suffix), at: suffixMark)
            return .skipping
        }
    }

    /// `name[:port] [key=value …]`, where the name may hold ranges.
    private func parseHostLine(_ line: Substring, lineNumber: Int, group: String, into builder: inout InventoryBuilder)
    {
        let at = { (column: Int) in Mark(file: file, line: lineNumber, column: column) }
        let words: [ShellWords.Word]
        switch ShellWords.split(line) {
        case .success(let split): words = split
        case .failure(let failure):
            builder.report(failure.error, at: at(failure.column))
            return
        }
        guard let hostWord = words.first else { return }
        var variables = ValueDict()
        var valid = true
        for word in words.dropFirst() {
            guard let equals = word.text.firstIndex(of: "=") else {
                builder.report(.hostVariableWithoutEquals(word.text), at: at(word.column))
                valid = false
                continue
            }
            let key = String(word.text[..<equals])
            let raw = String(word.text[word.text.index(after: equals)...])
            guard !key.isEmpty else {
                builder.report(.emptyVariableName, at: at(word.column))
                valid = false
                continue
            }
            let equalsOffset = word.text.distance(from: word.text.startIndex, to: equals)
            let value = word.isQuoted(after: equalsOffset) ? Value.string(raw) : Self.literal(raw)
            if let problem = ShellSafety.connectionVariableProblem(name: key, value: value) {
                builder.report(problem, at: at(word.column + equalsOffset + 1))
                valid = false
            }
            variables[key] = value
        }
        let expansion = HostLineExpansion.expand(hostWord.text, column: hostWord.column) { error, column in
            builder.report(error, at: at(column))
        }
        guard let names = expansion, valid else { return }
        let mark = at(hostWord.column)
        for name in names.hosts {
            builder.addHost(name, to: group, at: mark)
            var own = ValueDict()
            if let port = names.port { own["ansible_port"] = .int(port) }
            own.merge(variables)
            builder.setHostVariables(own, host: name)
        }
    }

    /// `key=value` in a `:vars` section: no shell quoting here, the value is the rest of the line.
    private func parseVariableLine(
        _ content: Substring, mark: Mark, group: String, into builder: inout InventoryBuilder
    ) {
        guard let equals = content.firstIndex(of: "=") else {
            builder.report(.groupVariableWithoutEquals(content.trimmingBlanks()), at: mark)
            return
        }
        let key = content[..<equals].trimmingBlanks()
        guard !key.isEmpty else {
            builder.report(.emptyVariableName, at: mark)
            return
        }
        let raw = content[content.index(after: equals)...]
        let value = Self.literal(raw.trimmingBlanks())
        if let problem = ShellSafety.connectionVariableProblem(name: key, value: value) {
            let leading = raw.prefix { $0 == " " || $0 == "\t" }.count
            let offset = content.distance(from: content.startIndex, to: equals) + 1 + leading
            builder.report(problem, at: Mark(file: file, line: mark.line, column: mark.column + offset))
            return
        }
        builder.setGroupVariable(key, value, group: group, at: mark)
    }

    private func parseChildLine(_ content: Substring, mark: Mark, group: String, into builder: inout InventoryBuilder) {
        let name = content.prefix { !$0.isWhitespace && $0 != "#" }
        let rest = content.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }
        guard !name.isEmpty, !name.contains(":"), !name.contains("]"), rest.isEmpty || rest.first == "#" else {
            builder.report(.expectedGroupName(content.trimmingBlanks()), at: mark)
            return
        }
        builder.addChild(String(name), to: group, at: mark)
    }

    /// Python-literal values become ints, bools, lists…; anything else stays the text written.
    static func literal(_ text: String) -> Value {
        PythonLiteral.evaluate(text) ?? .string(text)
    }
}

/// An INI section header: `[name]`, `[name:vars]`, `[name:children]`, `[name:hosts]`, optionally
/// followed by a comment. Anything else that starts with `[` is a host line or an error.
struct SectionHeader: Equatable {
    var name: String
    var suffix: String?
    /// Where the suffix starts, in characters from the `[`.
    var suffixOffset: Int

    init?(_ content: Substring) {
        guard content.first == "[" else { return nil }
        let body = content.dropFirst()
        let name = body.prefix { $0 != ":" && $0 != "]" && !$0.isWhitespace }
        guard !name.isEmpty else { return nil }
        var rest = body.dropFirst(name.count)
        var suffix: Substring?
        let suffixOffset = 1 + name.count + 1
        if rest.first == ":" {
            let word = rest.dropFirst().prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            guard !word.isEmpty else { return nil }
            suffix = word
            rest = rest.dropFirst(1 + word.count)
        }
        guard rest.first == "]" else { return nil }
        let trailing = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
        guard trailing.isEmpty || trailing.first == "#" else { return nil }
        self.name = String(name)
        self.suffix = suffix.map(String.init)
        self.suffixOffset = suffixOffset
    }
}
