/// A host token as written in an inventory: a name (possibly with ranges) and an optional port,
/// in the forms Ansible accepts — `web1`, `web1:2222`, `web[01:09]:2222`, `[2001:db8::1]:2222`,
/// and a bare IPv6 address whose colons are not a port separator.
struct HostAddress: Equatable {
    var host: String
    var port: Int?

    enum Failure: Error, Equatable {
        /// The text after the last ':' is not a usable port; `offset` is where it starts.
        case badPort(String, offset: Int)
        case unclosedBracket(offset: Int)
    }

    static func parse(_ token: String) -> Result<HostAddress, Failure> {
        let characters = Array(token)
        // `[addr]` or `[addr]:port` — unless the brackets are a leading range such as `[a:c]-db`.
        if characters.first == "[", let close = characters.firstIndex(of: "]") {
            let inside = String(characters[1..<close])
            let rest = characters[(close + 1)...]
            if !isRangeBody(inside) {
                if rest.isEmpty { return .success(HostAddress(host: inside, port: nil)) }
                if rest.first == ":" {
                    return port(String(rest.dropFirst()), offset: close + 2).map {
                        HostAddress(host: inside, port: $0)
                    }
                }
            }
        }
        var colons: [Int] = []
        var depth = 0
        for (offset, character) in characters.enumerated() {
            switch character {
            case "[": depth += 1
            case "]": depth = max(0, depth - 1)
            case ":" where depth == 0: colons.append(offset)
            default: break
            }
        }
        if depth > 0, let open = characters.lastIndex(of: "[") { return .failure(.unclosedBracket(offset: open)) }
        // Two or more colons outside brackets: an IPv6 address, which cannot carry a port here.
        guard colons.count == 1, let colon = colons.first else {
            return .success(HostAddress(host: token, port: nil))
        }
        let name = String(characters[..<colon])
        return port(String(characters[(colon + 1)...]), offset: colon + 1).map { HostAddress(host: name, port: $0) }
    }

    private static func port(_ text: String, offset: Int) -> Result<Int, Failure> {
        guard !text.isEmpty, text.allSatisfy(\.isASCIIDigit), let number = Int(text), (1...65535).contains(number)
        else { return .failure(.badPort(text, offset: offset)) }
        return .success(number)
    }

    /// `01:20`, `a:f`, `1:20:5` — the inside of a host range rather than an address.
    static func isRangeBody(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, !parts[1].isEmpty else { return false }
        return parts.allSatisfy { part in part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
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
