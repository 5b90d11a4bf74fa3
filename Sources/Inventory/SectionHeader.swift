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

/// A host token as the inventory formats write it — name, optional `:port`, ranges — checked
/// for shell safety and expanded into the host names it stands for.
enum HostLineExpansion {
    struct Expansion {
        var hosts: [String]
        var port: Int?
    }

    /// `nil` after reporting the problem at the column where it starts.
    static func expand(
        _ token: String, column: Int, report: (InventoryError, Int) -> Void
    ) -> Expansion? {
        let address: HostAddress
        switch HostAddress.parse(token) {
        case .success(let parsed): address = parsed
        case .failure(.badPort(let text, let offset)):
            report(.invalidPort(text), column + offset)
            return nil
        case .failure(.unclosedBracket(let offset)):
            report(.unclosedBracket(token), column + offset)
            return nil
        }
        if address.host.isEmpty {
            report(.unsafeHostName(token, "nothing"), column)
            return nil
        }
        if let unsafe = ShellSafety.firstUnsafeCharacter(in: address.host) {
            let offset = token.hasPrefix("[") && !token.hasPrefix(address.host) ? 1 : 0
            report(.unsafeHostName(address.host, unsafe.description), column + offset + unsafe.offset)
            return nil
        }
        switch HostRange.expand(address.host) {
        case .success(let names): return Expansion(hosts: names, port: address.port)
        case .failure(let failure):
            report(failure.error, column + failure.offset)
            return nil
        }
    }
}
