import Foundation
import TestSupport
import Testing

/// Some of this test target's lab hosts (h111–h118) with an inventory written for them, the
/// means to run the `playbook` binary against them, and a look at the hosts that does not go
/// through the code under test (`scripts/lab exec`).
struct LabPlaybook {
    let lab: Lab
    let hosts: [Lab.Host]
    let directory: String
    var inventory: String { directory + "/hosts.ini" }
    var names: [String] { hosts.map(\.name) }

    /// Writes `hosts.ini`: every host with its address and `hostVars`, all of them in
    /// `[webservers]`, and `[all:vars]` reaching them as `user` (none: the inventory names no
    /// user) with the lab's key and known_hosts.
    init(_ names: [String], user: String? = "root", hostVars: [String: String] = [:], allVars: [String] = []) throws {
        let lab = try LabPlaybook.running(names)
        self.lab = lab
        hosts = try names.map { try lab.host($0) }
        directory = try FixtureFiles.temporaryDirectory("pb-lab-\(names.joined(separator: "-"))")
        var text = ""
        for host in hosts {
            text += "\(host.name) ansible_host=\(host.address) \(hostVars[host.name] ?? "")\n"
        }
        text += "\n[webservers]\n" + names.joined(separator: "\n") + "\n"
        text += "\n[all:vars]\n" + (user.map { "ansible_user=\($0)\n" } ?? "")
        text += "ansible_ssh_private_key_file=\(lab.keyFile)\n"
        text += "ansible_ssh_common_args='-o UserKnownHostsFile=\(lab.knownHostsFile)'\n"
        text += allVars.map { $0 + "\n" }.joined()
        try text.write(toFile: inventory, atomically: true, encoding: .utf8)
    }

    /// Runs the binary with this inventory: `playbook -i hosts.ini PLAYBOOK ARGS…`. A playbook
    /// path without a slash names a file in `Fixtures/lab/`.
    func run(_ playbook: String, _ arguments: [String] = [], timeout: Double = 600) throws -> PlaybookProcess.Output {
        let path = playbook.contains("/") ? playbook : FixtureFiles.path("lab/" + playbook)
        return try PlaybookProcess.run(["-i", inventory, path] + arguments, in: directory, timeout: timeout)
    }

    /// A shell command as root on a host, outside the code under test; its trimmed stdout.
    @discardableResult
    func sh(_ host: String, _ command: String) throws -> String {
        let result = try Self.script(lab, ["exec", host, "sh", "-c", command])
        guard result.status == 0 else {
            throw Lab.Unavailable(description: "`\(command)` on \(host) exited \(result.status): \(result.stderr)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The same command on every host, by host name.
    func shAll(_ command: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for name in names { out[name] = try sh(name, command) }
        return out
    }

    // MARK: The lab

    /// Serialises `scripts/lab stop`/`up` between this target's suites running in parallel.
    private static let lifecycle = NSLock()

    /// The lab, with these hosts running (starting them if a test stopped them).
    static func running(_ names: [String]) throws -> Lab {
        let lab = try Lab.load()
        if names.allSatisfy({ name in lab.hosts.contains { $0.name == name } }) { return lab }
        try lifecycle.withLock { try up(lab) }
        return try Lab.load()
    }

    /// Boots the hosts afresh: their overlay is thrown away, so they are as the image made them
    /// (no nginx, no files from earlier runs), with new host keys in the lab's known_hosts.
    static func fresh(_ names: [String]) throws {
        let lab = try Lab.load()
        try lifecycle.withLock {
            for name in names {
                let stopped = try script(lab, ["stop", name, "--kill"])
                guard stopped.status == 0 else { throw Lab.Unavailable(description: "lab stop \(name): \(stopped.stderr)") }
            }
            try up(lab)
        }
    }

    /// `scripts/lab ARGS…` (through `Subprocess`, see there why not `Lab.script`).
    static func script(_ lab: Lab, _ arguments: [String], timeout: Double = 300) throws -> Subprocess.Result {
        try Subprocess.run(lab.labScript, arguments, timeout: timeout)
    }

    private static func up(_ lab: Lab) throws {
        let result = try script(lab, ["up", "118"])
        guard result.status == 0 else { throw Lab.Unavailable(description: "lab up 118: \(result.stderr)") }
    }
}
