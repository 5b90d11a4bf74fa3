import Foundation
import TestSupport
import Testing

/// What an Ansible user sees and expects on two lab hosts (h103, h104): `included:` lines,
/// `meta` task banners, templated banners, retry lines, diffs before each loop item, host
/// `order:`, vars_files that are missing, an aborted play, and a task's own `remote_user:`.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct ConsoleLabTests {
    static let names = ["h103", "h104"]

    static func fixture(_ name: String) -> String { FixtureFiles.path("gaps/\(name)") }

    /// The console lines from the first line starting with `first`, `count` of them.
    static func lines(_ text: String, from first: String, count: Int) -> [String] {
        let all = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = all.firstIndex(where: { $0.hasPrefix(first) }) else { return [] }
        return Array(all[start..<min(all.count, start + count)])
    }

    @Test func includesMetaBannersRetriesAndOrder() throws {
        let lab = try LabPlaybook(Self.names)
        let output = try lab.run(Self.fixture("output.yml"), ["-e", "end_host_on=h104", "--diff"])
        #expect(output.status == 0, "\(output)")
        let stdout = output.stdout
        #expect(stdout.contains("TASK [install tool] *"), "a banner is templated with play variables")
        #expect(stdout.contains("TASK [item {{ item }}] *"), "but not with the loop variable, as ansible-core")
        // ansible-core 2.18 shows a meta task's banner once per host it runs on, and a skipped
        // host's line under its own banner.
        #expect(Self.lines(stdout, from: "TASK [meta]", count: 4).map { $0.prefix(11) } == ["TASK [meta]", "", "TASK [meta]", ""], "\(output)")
        let endHost = Self.lines(stdout, from: "TASK [end one host]", count: 5)
        #expect(endHost.count == 5 && endHost[2].hasPrefix("TASK [end one host] *"), "\(output)")
        #expect(endHost.dropFirst(3) == ["skipping: [h103]", ""], "\(output)")
        #expect(stdout.contains("included: \(Self.fixture("included.yml")) for h103 => (item=x)\n"), "\(output)")
        #expect(stdout.contains("included: greeter for h103\n"))
        #expect(stdout.contains("\nFAILED - RETRYING: [h103]: retried (2 retries left).\n"))
        // Each item's diff comes just before the item's own line.
        let copies = Self.lines(stdout, from: "TASK [looped copies]", count: 14).dropFirst()
        // The files are new, so ansible-core names no "before" file (it read none).
        #expect(copies.first == "--- before", "\(copies)")
        let secondDiff = copies.indices.filter { copies[$0] == "--- before" }.dropFirst().first
        #expect(copies.firstIndex(of: "changed: [h103] => (item=one)") == secondDiff.map { $0 - 1 }, "\(copies)")
        // reverse_sorted: the play takes h104 before h103 (its batch), while
        // ansible_play_hosts_all keeps the pattern's order, as in ansible-core 2.18. Which
        // host's line prints first is the order results come back in, not the order taken.
        #expect(stdout.components(separatedBy: "\"msg\": \"ORDER=h103,h104 BATCH=h104,h103\"").count == 3, "\(output)")
        // Meta tasks are not counted; the include counts ok on each host that included it.
        #expect(output.recap["h104"] == ["ok": 3, "changed": 1, "unreachable": 0, "failed": 0, "skipped": 0, "rescued": 0, "ignored": 0], "\(output)")
        #expect(output.recap["h103"]?["ok"] == 9, "\(output)")
        #expect(try lab.sh("h103", "cat /var/tmp/pb-gaps/included /var/tmp/pb-gaps/role") == "x\nhello")
        #expect(try lab.sh("h104", "ls /var/tmp/pb-gaps") == "", "h104 ended at end_host")
    }

    /// ansible-core 2.18 runs a play whose vars file is missing (its variables are simply
    /// undefined); `playbook` does too, and names the file in a warning on stderr.
    @Test func aMissingVarsFileOnlyWarnsAsInAnsible() throws {
        let lab = try LabPlaybook(Self.names)
        _ = try lab.shAll("rm -f /var/tmp/pb-gaps-never")
        let output = try lab.run(Self.fixture("vars-missing.yml"))
        #expect(output.status == 0, "\(output)")
        #expect(output.stderr.contains("vars-missing.yml:5:7: warning: vars file 'vars/absent.yml' was not found"), "\(output)")
        #expect(output.stdout.contains("PLAY [a missing vars file]"))
        #expect(output.stdout.contains("TASK [never runs]"))
        #expect(try lab.shAll("test -e /var/tmp/pb-gaps-never && echo ran || echo no").values.allSatisfy { $0 == "ran" })

        let first = try lab.run(Self.fixture("vars-first.yml"))
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout.components(separatedBy: "\"msg\": \"value=found\"").count == 3, "\(first)")
    }

    /// ansible-core 2.18 ends an `any_errors_fatal` play without the NO MORE HOSTS LEFT banner
    /// (only `max_fail_percentage` prints it).
    @Test func anAbortedPlayEndsWithoutABanner() throws {
        let lab = try LabPlaybook(Self.names)
        let output = try lab.run(Self.fixture("fatal.yml"), ["-e", "fail_host=h103"])
        #expect(output.status == 10, "a host failed and the play was aborted: \(output)")
        #expect(!output.stdout.contains("NO MORE HOSTS LEFT"), "\(output)")
        #expect(!output.stdout.contains("TASK [never reached]"))
    }

    @Test func aTaskWithItsOwnRemoteUserLogsInAsThatUserAlone() throws {
        let lab = try LabPlaybook(Self.names, user: nil)
        let output = try lab.run(Self.fixture("users.yml"), ["-u", "root"])
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout.components(separatedBy: "USERS=root,deploy,root").count == 3, "\(output)")
    }
}
