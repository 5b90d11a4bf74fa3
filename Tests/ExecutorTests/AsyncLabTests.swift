import Foundation
import TestSupport
import Testing

/// `async:`/`poll:` and `async_status` on lab host h98: jobs run detached on the host, the
/// playbooks write what they registered to the host, and the host is then looked at without
/// going through the code under test (`scripts/lab exec`).
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct AsyncLabTests {
    static let host = "h98"

    @Test func pollWaitsForTheJobAndKillsItWhenItOutlivesItsTime() throws {
        let lab = try LabPlaybook([Self.host])
        let output = try lab.run(FixtureFiles.path("async/poll.yml"))
        #expect(output.status == 0, "\(output)")
        #expect(output.recap[Self.host]?["failed"] == 0, "\(output)")
        #expect(output.recap[Self.host]?["ignored"] == 1, "\(output)")
        #expect(output.stdout.contains("ASYNC OK on h98: jid=j"), "\(output)")
        #expect(output.stdout.contains("ASYNC FAILED on h98: jid=j"), "\(output)")
        let lines = try lab.sh(Self.host, "cat /var/tmp/pb-async/results").split(separator: "\n").map(String.init)
        #expect(lines.count == 6, "\(lines)")
        guard lines.count == 6 else { return }
        #expect(lines[0] == "done=hello 1 1 0 True ['hello'] True")
        #expect(lines[1] == "late=True Timeout exceeded 1 True")
        #expect(lines[2] == "made=True 1 /var/tmp/pb-async/made-by-job")
        #expect(lines[3] == "quiet=False quiet")
        #expect(lines[4] == "looped=one,two 1,1")
        #expect(try lab.sh(Self.host, "stat -c %a /var/tmp/pb-async/made-by-job") == "750")
        // The job that ran out of time is gone with its whole process group.
        let pid = try lab.sh(Self.host, "cat /var/tmp/pb-async/late-pid")
        #expect(try lab.sh(Self.host, "ps -p \(pid) >/dev/null && echo alive || echo gone") == "gone")
        #expect(try lab.sh(Self.host, "ps -eo args | grep -x 'sleep 300' | wc -l") == "0")
        // Polled jobs leave no result file behind, as Ansible cleans up after them.
        let files = lines[5].dropFirst("files=".count).split(separator: " ").map(String.init)
        #expect(files.count == 2 && files.allSatisfy { $0.hasPrefix("/root/.ansible_async/j") }, "\(files)")
        for file in files {
            #expect(try lab.sh(Self.host, "test -e \(file) && echo left || echo removed") == "removed")
        }
        #expect(try lab.sh(Self.host, "ls -A /root/.ansible_async | grep -v '^j' | wc -l") == "0")
    }

    @Test func pollZeroStartsTheJobAndAsyncStatusFollowsItToTheEnd() throws {
        let lab = try LabPlaybook([Self.host])
        let output = try lab.run(FixtureFiles.path("async/fire.yml"))
        #expect(output.status == 0, "\(output)")
        #expect(output.recap[Self.host]?["ignored"] == 1, "\(output)")
        #expect(output.stdout.contains("FAILED - RETRYING: [h98]: wait for it"), "\(output)")
        let lines = try lab.sh(Self.host, "cat /var/tmp/pb-async/fire").split(separator: "\n").map(String.init)
        #expect(lines == [
            "job=True 1 0 0",
            "early=0 False",
            "result=1 done oops ['done'] 0 True sleep 3; echo done; echo oops >&2",
            "files=True False True",
            "gone=True could not find job",
        ])
    }

    @Test func otherModulesBecomeCheckModeAndTheActionsThatRefuseAsync() throws {
        let lab = try LabPlaybook([Self.host])
        let output = try lab.run(FixtureFiles.path("async/modules.yml"))
        #expect(output.status == 0, "\(output)")
        #expect(output.recap[Self.host]?["ignored"] == 2, "\(output)")
        #expect(output.stdout.contains("TASK [debug refuses async] ****"), "\(output)")
        #expect(output.stdout.contains(#""msg": "This action (debug) does not support async."}"#), "\(output)")
        let lines = try lab.sh(Self.host, "cat /var/tmp/pb-async/modules").split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(lines)")
        guard lines.count == 5 else { return }
        #expect(lines[0] == "pkg=True 1")
        #expect(try lab.sh(Self.host, "dpkg-query -W -f '${Status}' htop") == "install ok installed")
        #expect(try lab.sh(Self.host, "stat -c %a /var/tmp/pb-async/plain-dir") == "755")
        #expect(lines[1].hasPrefix("who=deploy /home/deploy/.ansible_async/j"), "\(lines[1])")
        #expect(lines[2] == "refused=This action (copy) does not support async.")
        #expect(try lab.sh(Self.host, "test -e /var/tmp/pb-async/never && echo yes || echo no") == "no")
        #expect(lines[3] == "checked=True 1")
        #expect(try lab.sh(Self.host, "test -e /var/tmp/pb-async/not-in-check && echo yes || echo no") == "no")
        // A no_log job's values stay out of the output and out of the job's file names.
        #expect(!output.stdout.contains("s3cret-canary-value"), "\(output)")
        #expect(try lab.sh(Self.host, "ls -A /root/.ansible_async | grep -c s3cret || true") == "0")
        #expect(lines[4].hasPrefix("secret=/root/.ansible_async/j"), "\(lines[4])")
    }
}
