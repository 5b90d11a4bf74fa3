import Inventory
import Modules
import Transport

/// A host's connection settings: inventory variables plus the OpenSSH options its
/// `ansible_ssh_common_args` / `ansible_ssh_extra_args` carry.
struct HostConnectionSettings {
    var inventory: ConnectionSettings
    var sshOptions: SSHCommandLineOptions
}

/// The `-o Name=Value` options Ansible users put in `ansible_ssh_common_args`, read so that an
/// inventory written for OpenSSH (a lab's own known_hosts, a jump host) works unchanged.
/// Options that have no meaning for this client are ignored.
struct SSHCommandLineOptions: Sendable, Hashable {
    var knownHostsFiles: [String] = []
    var hostKeyPolicy: HostKeyPolicy?
    var connectTimeout: Double?
    var identityFiles: [String] = []
    var port: Int?
    var user: String?

    static func parse(_ text: String) -> SSHCommandLineOptions {
        var options = SSHCommandLineOptions()
        // As Ansible (shlex); a line whose quote never closes is taken word by word.
        let words = (try? ShellWords.split(text)) ?? text.split(whereSeparator: \.isWhitespace).map(String.init)
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            func value(_ flag: String) -> String? {
                if word.count > flag.count { return String(word.dropFirst(flag.count)) }
                guard index < words.count else { return nil }
                defer { index += 1 }
                return words[index]
            }
            if word.hasPrefix("-o"), let option = value("-o") {
                options.apply(option: option)
            } else if word.hasPrefix("-i"), let file = value("-i") {
                options.identityFiles.append(PathExpansion.expandTilde(file))
            } else if word.hasPrefix("-p"), let port = value("-p") {
                options.port = Int(port)
            } else if word.hasPrefix("-l"), let user = value("-l") {
                options.user = user
            }
        }
        return options
    }

    private mutating func apply(option: String) {
        let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
        let pair = parts.count == 2 ? parts : option.split(separator: " ", maxSplits: 1).map(String.init)
        guard pair.count == 2 else { return }
        let value = pair[1].trimmingWhitespace()
        switch pair[0].lowercased() {
        case "userknownhostsfile":
            knownHostsFiles = value.split(separator: " ").map { PathExpansion.expandTilde(String($0)) }
        case "stricthostkeychecking":
            switch value.lowercased() {
            case "yes", "true": hostKeyPolicy = .strict
            case "accept-new": hostKeyPolicy = .acceptNew
            case "no", "off", "false": hostKeyPolicy = .off
            default: break
            }
        case "connecttimeout": connectTimeout = Double(value)
        case "identityfile": identityFiles.append(PathExpansion.expandTilde(value))
        case "port": port = Int(value)
        case "user": user = value
        default: break
        }
    }

    func apply(to target: inout SSHTarget) {
        if !knownHostsFiles.isEmpty { target.knownHostsFiles = knownHostsFiles }
        if let hostKeyPolicy { target.hostKeyPolicy = hostKeyPolicy }
        if let connectTimeout { target.connectTimeout = connectTimeout }
        if !identityFiles.isEmpty, target.identityFiles.isEmpty { target.identityFiles = identityFiles }
    }
}
