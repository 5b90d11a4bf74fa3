import Foundation
import TestSupport
import Testing
import Transport

/// The lab hosts of this suite (h121–h140 and h146–h200) and the ways the tests look at and break them from
/// outside the code under test: `scripts/lab exec` (nsenter as root, no SSH), `stop`/`up`,
/// `blackhole`, `rekey`.
struct ReliabilityLab {
    /// The hosts most tests use, one or a few each.
    static let range = 121...140
    /// Fifty hosts for the fault fan-out (one blackholed while the others finish).
    static let fanOut = 151...200
    /// Every host the suite may touch.
    static let owned = [121...140, 146...200]
    static let labUpCount = "200"

    let lab: Lab

    init() throws {
        lab = try Self.running()
    }

    func host(_ number: Int) throws -> Lab.Host {
        precondition(Self.owned.contains { $0.contains(number) }, "h\(number) is outside the reliability range")
        return try lab.host("h\(number)")
    }

    func hosts(_ numbers: ClosedRange<Int>) throws -> [Lab.Host] {
        try numbers.map { try host($0) }
    }

    /// A shell command as root on a host; its stdout without the trailing newline. Throws
    /// when the command fails.
    @discardableResult
    func sh(_ host: String, _ command: String) throws -> String {
        let result = try lab.exec(host, ["sh", "-c", command])
        guard result.status == 0 else {
            throw Lab.Unavailable(description: "`\(command)` on \(host) exited \(result.status): \(result.stderr)")
        }
        return result.stdout.trimmingCharacters(in: .newlines)
    }

    /// A shell command as root on a host, whatever its exit status.
    func shResult(_ host: String, _ command: String) throws -> Lab.CommandResult {
        try lab.exec(host, ["sh", "-c", command])
    }

    /// Waits until the shell test `condition` holds on the host (e.g. a ready file exists);
    /// throws after `seconds`.
    func waitUntil(_ host: String, _ condition: String, seconds: Double = 30) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while (try? sh(host, condition)) == nil {
            guard Date() < deadline else { throw Lab.Unavailable(description: "`\(condition)` never held on \(host)") }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// `scripts/lab ARGS…`, failing the caller when the script fails.
    func script(_ arguments: [String]) throws {
        let result = try lab.script(arguments)
        guard result.status == 0 else {
            throw Lab.Unavailable(description: "scripts/lab \(arguments.joined(separator: " ")): \(result.stderr)")
        }
    }

    /// Makes sshd on `host` listen on port 22 and `ports` (a drop-in read before anything
    /// else sets `Port`), IPv4 only; restarts it only when that changes. Open sessions survive
    /// a restart.
    func listen(_ host: String, extraPorts ports: [Int]) throws {
        let file = "/etc/ssh/sshd_config.d/00-reliability-ports.conf"
        // IPv4 only: sshd listens on at most 16 sockets, and every port would take two.
        let wanted = (["AddressFamily inet"] + ([22] + ports).map { "Port \($0)" }).joined(separator: "\n")
        try sh(
            host,
            ports.isEmpty
                ? "[ ! -e \(file) ] || { rm -f \(file) && systemctl restart ssh; }"
                : "[ \"$(cat \(file) 2>/dev/null)\" = '\(wanted)' ] || { printf '%s\\n' '\(wanted)' > \(file) && systemctl restart ssh; }")
    }

    /// A known_hosts file with the hosts' keys as they are now (a rekeyed host included).
    func knownHosts(for hosts: [Lab.Host]) throws -> String {
        try lab.currentKnownHostsFile(for: hosts)
    }

    /// The host's current keys as `ip type base64` lines.
    func hostKeyLines(_ host: String) throws -> [String] {
        let result = try lab.script(["hostkeys", host])
        guard result.status == 0 else { throw Lab.Unavailable(description: "hostkeys \(host): \(result.stderr)") }
        return result.stdout.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
    }

    /// An SSH target for a host, checked against `knownHostsFile`.
    func target(_ host: Lab.Host, knownHostsFile: String, policy: HostKeyPolicy = .strict, port: Int = 22)
        -> SSHTarget
    {
        SSHTarget(
            name: host.name, address: host.address, port: port, user: "root", identityFiles: [lab.keyFile],
            identitiesOnly: true, useAgent: false, connectTimeout: 10, hostKeyPolicy: policy,
            knownHostsFiles: [knownHostsFile])
    }

    /// Writes an INI inventory for `hosts` into `directory` and returns its path. Hosts are
    /// reached as `user` with the lab key and a known_hosts file of their current keys.
    func inventory(
        _ hosts: [Lab.Host], in directory: String, user: String = "root", hostVars: [String: String] = [:],
        allVars: [String] = []
    ) throws -> String {
        let knownHosts = try knownHosts(for: hosts)
        var text = ""
        for host in hosts {
            text += "\(host.name) ansible_host=\(host.address) \(hostVars[host.name] ?? "")\n"
        }
        text += "\n[all:vars]\nansible_user=\(user)\nansible_ssh_private_key_file=\(lab.keyFile)\n"
        text += "ansible_ssh_common_args='-o UserKnownHostsFile=\(knownHosts)'\n"
        text += allVars.map { $0 + "\n" }.joined()
        let path = directory + "/hosts.ini"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Boots hosts afresh (their overlay is dropped: no files, packages or settings from
    /// earlier tests, new host keys).
    func fresh(_ names: [String]) throws {
        for name in names { try script(["stop", name, "--kill"]) }
        try script(["up", Self.labUpCount])
    }

    /// The lab with every host of the range running, starting stopped ones.
    static func running() throws -> Lab {
        let lab = try Lab.load()
        let missing = owned.joined().filter { number in !lab.hosts.contains { $0.name == "h\(number)" } }
        if missing.isEmpty { return lab }
        let result = try lab.script(["up", labUpCount])
        guard result.status == 0 else { throw Lab.Unavailable(description: "lab up: \(result.stderr)") }
        return try Lab.load()
    }

    /// A new empty directory for one test's files on the controller.
    static func temporaryDirectory(_ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "pb-reliability-\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A fixture file of this target (`Tests/ReliabilityTests/Fixtures/NAME`).
    static func fixture(_ name: String) -> String {
        // This file's own path (a default argument would be the caller's).
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()  // Support
        url.deleteLastPathComponent()  // ReliabilityTests
        return url.appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }
}
