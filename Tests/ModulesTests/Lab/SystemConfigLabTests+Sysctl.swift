import Foundation
import Modules
import Testing
import TestSupport
import Values

/// sysctl on h12. A lab host's /proc/sys is mounted read-only (systemd-nspawn), so no key can
/// be set there: file changes are tested with `reload: false`, and setting or reloading a key
/// is tested for ansible.posix's failure and for agreeing with the live value.
extension SystemConfigLabTests {
    static let sysctlFile = "/root/pb-sysctl/s.conf"

    func sysctlHost() throws -> LabHost {
        _ = try Lab.require(hosts: 200)
        let host = try LabHost("h12")
        try host.sh(
            "rm -rf /root/pb-sysctl && mkdir /root/pb-sysctl && printf '# tuning\\n vm.swappiness = 10 \\n;old\\nkernel.panic=3\\nvm.swappiness=20\\n' > \(Self.sysctlFile) && chmod 600 \(Self.sysctlFile)"
        )
        return host
    }

    func sysctl(_ pairs: KeyValuePairs<String, Value>) -> ValueDict {
        var arguments = args(["sysctl_file": .string(Self.sysctlFile), "reload": false])
        for (key, value) in pairs { arguments[key] = value }
        return arguments
    }

    @Test func sysctlRewritesTheFileAsAnsiblePosixDoesAndOnlyOnce() throws {
        let host = try sysctlHost()
        let set = sysctl(["name": "vm.swappiness", "value": "5"])
        let predicted = try host.run("sysctl", set, check: true, diff: true)
        #expect(predicted.changed && !predicted.failed && predicted.values["diff"] == nil, "\(predicted.values)")
        #expect(try host.sh("grep -c swappiness \(Self.sysctlFile)") == "2", "check mode wrote the file")
        let changed = try host.run("sysctl", set)
        #expect(changed.changed && !changed.failed && changed.message == nil, "\(changed.values)")
        // Trimmed, `KEY=VALUE`, the key's later line dropped; owner and mode kept.
        #expect(try host.sh("cat \(Self.sysctlFile); stat -c %a \(Self.sysctlFile)") == "# tuning\nvm.swappiness=5\n;old\nkernel.panic=3\n600")
        #expect(!(try host.run("sysctl", sysctl(["key": "vm.swappiness", "val": 5]))).changed, "an integer is the same text")

        let boolean = try host.run("sysctl", sysctl(["name": "net.ipv4.ip_forward", "value": "yes", "sysctl_file": "/root/pb-sysctl/new.conf"]))
        #expect(boolean.changed)
        #expect(try host.sh("cat /root/pb-sysctl/new.conf; stat -c %a /root/pb-sysctl/new.conf") == "net.ipv4.ip_forward=1\n644")

        let absent = sysctl(["name": "kernel.panic", "state": "absent"])
        #expect(try host.run("sysctl", absent).changed)
        #expect(!(try host.run("sysctl", absent)).changed)
        #expect(try host.sh("cat \(Self.sysctlFile)") == "# tuning\nvm.swappiness=5\n;old")
    }

    @Test func sysctlComparesTheLiveValueAndFailsAsAnsiblePosixOnAReadOnlyProcSys() throws {
        let host = try sysctlHost()
        let live = try host.sh("sysctl -n net.ipv4.ip_forward")
        let other = live == "0" ? "1" : "0"
        let denied = "sysctl: permission denied on key \"net.ipv4.ip_forward\"\n"

        let setLive = try host.run("sysctl", sysctl(["name": "net.ipv4.ip_forward", "value": .string(other), "sysctl_set": true]))
        #expect(setLive.failed && !setLive.changed && setLive.message == "setting net.ipv4.ip_forward failed: " + denied, "\(setLive.values)")
        #expect(try host.sh("grep -c ip_forward \(Self.sysctlFile) || true") == "0", "the file is written after the key is set")

        let reload = try host.run("sysctl", sysctl(["name": "net.ipv4.ip_forward", "value": .string(other), "reload": true]))
        // `sysctl -p` sets every key of the file, and each is refused.
        #expect(reload.failed && reload.message?.hasPrefix("Failed to reload sysctl: sysctl: permission denied on key") == true)
        #expect(reload.message?.hasSuffix(denied) == true, "\(reload.values)")
        #expect(try host.sh("tail -n 1 \(Self.sysctlFile)") == "net.ipv4.ip_forward=\(other)", "the file was written before the reload")

        // The file and the running kernel agree: nothing to set and nothing to reload.
        let agreeing = sysctl(["name": "net.ipv4.ip_forward", "value": .string(live), "sysctl_set": true])
        #expect(try host.run("sysctl", agreeing).changed, "the file still has the other value")
        let settled = try host.run("sysctl", sysctl(["name": "net.ipv4.ip_forward", "value": .string(live), "sysctl_set": true, "reload": true]))
        #expect(!settled.changed && !settled.failed, "\(settled.values)")
    }
}
