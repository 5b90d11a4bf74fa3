import Foundation
import TestSupport
import Testing

/// Handlers, blocks, conditions on facts, registered loops, retries, serial, run_once,
/// delegation and copy's backup and validate, on two lab hosts (h116 fine, h117 failing where
/// a test says so).
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct BehaviourLabTests {
    static let names = ["h116", "h117"]

    /// (task, host) in the order the console printed their results.
    static func resultOrder(_ stdout: String) -> [(task: String, host: String)] {
        var task = ""
        var order: [(String, String)] = []
        for line in stdout.split(separator: "\n") {
            if line.hasPrefix("TASK [") || line.hasPrefix("RUNNING HANDLER [") {
                task = String(line.drop { $0 != "[" }.dropFirst().prefix { $0 != "]" })
            } else if let open = line.firstIndex(of: "["), let status = ["ok", "changed", "skipping", "fatal", "failed"].first(where: { line.hasPrefix($0 + ":") }) {
                _ = status
                let host = line[line.index(after: open)...].prefix { $0 != "]" && $0 != " " }
                order.append((task, String(host)))
            }
        }
        return order
    }

    @Test func handlersRunOncePerFlushInDefinitionOrderAndNotOnFailedHosts() throws {
        let lab = try LabPlaybook(Self.names)
        let output = try lab.run("handlers.yml", ["-e", "fail_host=h117"])
        #expect(output.status == 2, "\(output)")
        #expect(try lab.sh("h116", "cat /var/tmp/pb-handlers/log") == "restart\nreload-proxy\nrefresh-cache\nafter-flush\nrestart")
        #expect(
            try lab.sh("h117", "cat /var/tmp/pb-handlers/log") == "restart\nreload-proxy\nrefresh-cache\nafter-flush",
            "the failed host runs no handler after its failure")
        #expect(!output.stdout.contains("RUNNING HANDLER [never notified]"))
        #expect(output.stdout.components(separatedBy: "RUNNING HANDLER [restart app]").count == 3, "once per flush")
        #expect(output.recap["h117"]?["failed"] == 1)

        let forced = try lab.run("handlers.yml", ["-e", "fail_host=h117", "--force-handlers"])
        #expect(forced.status == 2, "\(forced)")
        #expect(
            try lab.sh("h117", "cat /var/tmp/pb-handlers/log") == "restart\nreload-proxy\nrefresh-cache\nafter-flush\nrestart",
            "--force-handlers runs them on the failed host too")
    }

    @Test func rescueAlwaysIgnoreErrorsFactsLoopsAndRetries() throws {
        let lab = try LabPlaybook(Self.names)
        let output = try lab.run("blocks.yml", ["-e", "fail_host=h117"])
        #expect(output.status == 0, "a rescued failure is not a failed host: \(output)")
        // As ansible-core counts: an ignored failure is ok, ignored and (a command) changed; a
        // rescued one is only rescued.
        #expect(try lab.sh("h116", "cat /var/tmp/pb-blocks.log") == "block-rest\nalways")
        #expect(try lab.sh("h117", "cat /var/tmp/pb-blocks.log") == "rescue\nalways")
        #expect(
            output.recap["h116"] == ["ok": 9, "changed": 6, "unreachable": 0, "failed": 0, "skipped": 2, "rescued": 0, "ignored": 1],
            "\(output)")
        #expect(
            output.recap["h117"] == ["ok": 9, "changed": 6, "unreachable": 0, "failed": 0, "skipped": 1, "rescued": 1, "ignored": 1],
            "\(output)")
        #expect(output.stdout.components(separatedBy: "...ignoring").count == 3, "one per host: \(output)")
        #expect(output.stdout.contains("changed: [h116] => (item=beta)"))
        let retries = output.stdout.components(separatedBy: "FAILED - RETRYING: [h116]: until holds on the third attempt").count - 1
        #expect(retries == 2, "two retries before the third attempt held: \(output)")
        #expect(output.stdout.contains("FAILED - RETRYING: [h116]: until holds on the third attempt (5 retries left)."))
        #expect(try lab.sh("h116", "cat /var/tmp/pb-attempts") == "3")
    }

    @Test func serialRunOnceAndDelegationToTheController() throws {
        let lab = try LabPlaybook(Self.names)
        let controller = try FixtureFiles.temporaryDirectory("pb-delegate")
        let output = try lab.run("ordering.yml", ["-e", "controller_dir=\(controller)"])
        #expect(output.status == 0, "\(output)")
        let order = Self.resultOrder(output.stdout).filter { $0.task.hasSuffix("step") }
        #expect(
            order.map { "\($0.task)@\($0.host)" }
                == ["first step@h116", "second step@h116", "first step@h117", "second step@h117"],
            "serial: 1 takes the hosts one after the other: \(output)")
        #expect(output.stdout.components(separatedBy: "PLAY [one host at a time]").count == 3, "a banner per batch")
        let once = Self.resultOrder(output.stdout).filter { $0.task == "only the first host" }
        #expect(once.map(\.host) == ["h116"], "run_once runs and reports on the first host only: \(output)")
        #expect(output.recap["h117"]?["failed"] == 0)
        for host in Self.names {
            let written = try String(contentsOfFile: controller + "/\(host).txt", encoding: .utf8)
            #expect(written == "\(host) h116\n", "delegated to localhost: written on the controller")
            #expect(output.stdout.contains("changed: [\(host) -> localhost]"), "\(output)")
            #expect(try lab.sh(host, "test -e '\(controller)' && echo yes || echo no") == "no", "nothing on the host")
        }
    }

    @Test func copyKeepsABackupAndARefusingValidatorLeavesTheFileAlone() throws {
        let lab = try LabPlaybook(["h116"])
        let output = try lab.run("copy-backup.yml")
        #expect(output.status == 0, "\(output)")
        let line = try #require(output.stdout.split(separator: "\n").first { $0.contains("BACKUP=") }, "\(output)")
        let backup = String(line.split(separator: "=").last ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        #expect(backup.hasPrefix("/etc/pb-copy/app.conf."), "\(backup)")
        #expect(try lab.sh("h116", "cat '\(backup)'") == "listen 80", "the backup holds the old content")
        #expect(try lab.sh("h116", "stat -c %a '\(backup)'") == "640", "with the old mode")
        #expect(try lab.sh("h116", "cat /etc/pb-copy/app.conf") == "listen 8080")

        let identity = "stat -c '%i %s %a %U %Y' /etc/pb-copy/app.conf && sha1sum < /etc/pb-copy/app.conf && ls -A /etc/pb-copy | sort"
        let before = try lab.sh("h116", identity)
        let refused = try lab.run("copy-validate.yml")
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.recap["h116"]?["failed"] == 1)
        #expect(refused.stdout.contains("failed to validate"), "\(refused)")
        #expect(!refused.stdout.contains("the run went on"))
        #expect(try lab.sh("h116", identity) == before, "same inode, bytes and mode; no temp file left")
    }
}
