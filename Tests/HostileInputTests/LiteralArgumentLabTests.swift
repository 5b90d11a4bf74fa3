import Foundation
import TestSupport
import Testing
import Values
import YAML

/// Module arguments full of shell metacharacters — spaces, quotes, `$()`, backticks, `;`, `|`,
/// newlines, globs, leading dashes — reach two real lab hosts (h119, h120) literally: files get
/// exactly those names and contents, lines exactly that text, and names that a tool could read
/// as an option or a shell could run are refused by the tool. Every value that would run
/// something creates a file named `pb-hostile-canary`, which must exist nowhere afterwards.
@Suite(.serialized, .enabled(if: Lab.shouldRun, Lab.skipComment))
struct LiteralArgumentLabTests {
    static let hostNames = ["h119", "h120"]
    static let canary = "pb-hostile-canary"
    static let fixtures = HostileFiles.fixture("literal-arguments")

    struct Names {
        var files: [String]
        var lines: [String]
        var toolArguments: [String]
    }

    static func names() throws -> Names {
        let path = fixtures.appendingPathComponent("hostile-names.yml").path
        let value = try YAMLLoader.loadFile(path)?.toValue() ?? .null
        func strings(_ key: String) -> [String] {
            guard case .dict(let dict) = value, case .list(let items)? = dict[key] else { return [] }
            return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
        }
        return Names(files: strings("file_names"), lines: strings("line_values"), toolArguments: strings("tool_arguments"))
    }

    @Test func metacharactersInModuleArgumentsReachRealHostsLiterally() throws {
        let lab = try Self.labWithHosts()
        let hosts = try Self.hostNames.map { try lab.host($0) }
        let names = try Self.names()
        let tally = HostileTally(
            "shell metacharacters in file, copy, command, lineinfile, apt, user, group, systemd arguments on "
                + "\(hosts.count) real hosts: literal, no canary", cases: 1)
        var trials = 0
        var passing = 0
        func trial(_ passed: Bool, _ comment: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation) {
            trials += 1
            if passed { passing += 1 } else { Issue.record(Comment(rawValue: comment()), sourceLocation: sourceLocation) }
        }
        defer { tally.record(trials: trials, passing: passing) }
        #expect(names.files.count > 20 && names.lines.count > 10 && names.toolArguments.count > 5)

        for host in Self.hostNames {
            try Self.shell(lab, host, "rm -rf /tmp/pb-hostile /tmp/pb-hostile-lines; \(Self.findCanaries) -exec rm -f {} +")
        }
        let directory = try HostileFiles.scratchDirectory()
        defer { HostileFiles.remove(directory) }
        let inventory = try Self.writeInventory(hosts, lab: lab, in: directory)
        let run = try PlaybookRun(
            ["-i", inventory, Self.fixtures.appendingPathComponent("site.yml").path], in: directory)
        trial(run.status == 0, "the playbook run failed: \(run)")
        for host in Self.hostNames {
            let recap = run.recapLine(host) ?? ""
            trial(recap.contains("failed=0") && recap.contains("unreachable=0"), "\(host): \(recap)")
        }

        for host in Self.hostNames {
            let canaries = try Self.shell(lab, host, Self.findCanaries + " -print")
            trial(canaries.isEmpty, "\(host): a value was run by a shell: \(canaries)")

            let listing = Set(try Self.shell(lab, host, "find /tmp/pb-hostile -mindepth 1 -maxdepth 1 -printf '%f\\0'")
                .split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init))
            for name in names.files {
                for recorded in [name, "copy " + name, "argv " + name] {
                    trial(listing.contains(recorded), "\(host): no file named \(recorded.debugDescription)")
                }
            }
            let expectedCount = names.files.count * 3
            trial(listing.count == expectedCount, "\(host): \(listing.count) files for \(expectedCount) names")

            let contents = try Self.shell(
                lab, host,
                "for f in /tmp/pb-hostile/copy*; do printf '%s\\0' \"${f#/tmp/pb-hostile/copy }\"; cat -- \"$f\"; printf '\\0'; done")
                .split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
            var written: [String: String] = [:]
            for index in stride(from: 0, to: contents.count - 1, by: 2) { written[contents[index]] = contents[index + 1] }
            for name in names.files {
                trial(written[name] == name, "\(host): copy of \(name.debugDescription) holds \(written[name].debugDescription)")
            }

            let lines = try Self.shell(lab, host, "cat /tmp/pb-hostile-lines")
            trial(lines == names.lines.joined(separator: "\n") + "\n", "\(host): lineinfile wrote \(lines.debugDescription)")
        }
        print("literal arguments: \(run.seconds) s for the run; \(passing) of \(trials) checks passed")
    }

    /// Every file named exactly like the canary, anywhere on the host but the kernel's views.
    static let findCanaries = "find / \\( -path /proc -o -path /sys \\) -prune -o -name \(canary) -type f"

    /// A shell command as root on a lab host through `scripts/lab exec` (not SSH: the check must
    /// not share a path with what is checked); its stdout. Throws when it fails.
    @discardableResult
    static func shell(_ lab: Lab, _ host: String, _ command: String) throws -> String {
        let result = try lab.exec(host, ["sh", "-c", command])
        guard result.status == 0 else {
            throw Lab.Unavailable(description: "`\(command)` on \(host) exited \(result.status): \(result.stderr)")
        }
        return result.stdout
    }

    /// The lab, booting this suite's hosts when they are not running.
    static func labWithHosts() throws -> Lab {
        let lab = try Lab.load()
        if hostNames.allSatisfy({ name in lab.hosts.contains { $0.name == name } }) { return lab }
        let result = try lab.script(["up", "120"])
        guard result.status == 0 else { throw Lab.Unavailable(description: "lab up 120: \(result.stderr)") }
        return try Lab.load()
    }

    static func writeInventory(_ hosts: [Lab.Host], lab: Lab, in directory: URL) throws -> String {
        let knownHosts = try lab.currentKnownHostsFile(for: hosts)
        var text = hosts.map { "\($0.name) ansible_host=\($0.address)\n" }.joined()
        text += "\n[all:vars]\nansible_user=root\nansible_ssh_private_key_file=\(lab.keyFile)\n"
        text += "ansible_ssh_common_args='-o UserKnownHostsFile=\(knownHosts)'\n"
        let path = directory.appendingPathComponent("hosts.ini").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
