extension SSHConfig {
    /// The `SSHTarget` for `host`, with the config's values under the explicit ones (inventory
    /// variables and command-line flags win over ~/.ssh/config, as in Ansible). ProxyJump hops
    /// are resolved through the config too, as ssh does, with a bound on the chain length.
    public func makeTarget(
        name: String, address: String? = nil, user: String? = nil, port: Int? = nil,
        identityFiles: [String] = [], base: SSHTarget? = nil
    ) -> SSHTarget {
        makeTarget(
            name: name, address: address, user: user, port: port, identityFiles: identityFiles,
            base: base, depth: 0)
    }

    private func makeTarget(
        name: String, address: String?, user: String?, port: Int?, identityFiles: [String],
        base: SSHTarget?, depth: Int
    ) -> SSHTarget {
        let lookupName = address ?? name
        let entry = resolve(host: lookupName)
        var target = base ?? SSHTarget(name: name, user: PathExpansion.currentUser())
        target.name = name
        target.address = entry.hostName ?? lookupName
        if address != nil, entry.hostName == nil { target.address = lookupName }
        target.user = user ?? entry.user ?? base?.user ?? PathExpansion.currentUser()
        target.port = port ?? entry.port ?? base?.port ?? 22
        let configured = identityFiles.isEmpty ? entry.identityFiles : identityFiles
        target.identityFiles = configured.map {
            Self.expandTokens($0, host: lookupName, hostName: target.address, user: target.user, port: target.port)
        }
        if let only = entry.identitiesOnly { target.identitiesOnly = only }
        if let policy = entry.strictHostKeyChecking { target.hostKeyPolicy = policy }
        if let files = entry.userKnownHostsFiles { target.knownHostsFiles = files.map(PathExpansion.expandTilde) }
        if let timeout = entry.connectTimeout { target.connectTimeout = timeout }
        if let hops = entry.proxyJump {
            target.proxyJump = []
            if depth < 8 {
                for hop in hops {
                    var jumpBase = base ?? SSHTarget(name: hop.host, user: target.user)
                    jumpBase.proxyJump = []
                    jumpBase.password = nil
                    let resolved = makeTarget(
                        name: hop.host, address: nil, user: hop.user, port: hop.port, identityFiles: [],
                        base: jumpBase, depth: depth + 1)
                    // A hop's own ProxyJump comes before it in the chain, as ssh nests them.
                    target.proxyJump += resolved.proxyJump
                    var flat = resolved
                    flat.proxyJump = []
                    target.proxyJump.append(flat)
                }
            }
        }
        return target
    }

    /// ssh's tokens in IdentityFile: `~`, `%d` home, `%u` local user, `%h` host name,
    /// `%n` original name, `%r` remote user, `%p` port, `%%`.
    static func expandTokens(_ value: String, host: String, hostName: String, user: String, port: Int) -> String {
        var out = ""
        var iterator = PathExpansion.expandTilde(value).makeIterator()
        while let character = iterator.next() {
            guard character == "%" else {
                out.append(character)
                continue
            }
            switch iterator.next() {
            case "d": out += PathExpansion.currentHome()
            case "u": out += PathExpansion.currentUser()
            case "h": out += hostName
            case "n": out += host
            case "r": out += user
            case "p": out += String(port)
            case "%": out += "%"
            case let other?: out += "%" + String(other)
            case nil: out += "%"
            }
        }
        return out
    }
}
