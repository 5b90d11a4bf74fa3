import Foundation
import Modules
import Testing
import TestSupport
import Transport
import Values

/// wait_for on lab hosts h144 and h145: ports read from /proc on the host itself, ports of
/// another host reached with a real connection, files with a regexp, timeouts.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct WaitForLabTests {
    /// Starts a TCP listener on the host (out of band) as a transient unit.
    func listen(_ host: LabHost, port: Int, unit: String) throws {
        try host.sh("systemctl stop \(unit) 2>/dev/null; systemd-run --quiet --collect --unit=\(unit) python3 -m http.server \(port) --bind 0.0.0.0 >/dev/null")
        for _ in 0..<50 where (try? host.sh("ss -Hltn 'sport = :\(port)' | grep -c LISTEN")) != "1" {
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    @Test func aLocalPortIsSeenOpeningAndClosing() throws {
        let host = try LabHost("h144")
        try listen(host, port: 18080, unit: "pb-wait-listen")
        let open = try host.run("wait_for", args(["port": 18080, "timeout": 10]))
        #expect(!open.changed && !open.failed, "\(open.values)")
        #expect(open.values["state"] == "started" && open.values["port"] == 18080)
        #expect((open.values["elapsed"]?.intValue ?? 99) <= 1)

        try host.sh("systemd-run --quiet --collect --on-active=2 --timer-property=AccuracySec=10ms systemctl stop pb-wait-listen")
        let started = Date()
        let stopped = try host.run("wait_for", args(["port": 18080, "state": "stopped", "timeout": 20]))
        #expect(!stopped.changed && !stopped.failed, "\(stopped.values)")
        #expect(Date().timeIntervalSince(started) >= 1.5, "it returned before the listener stopped")
        #expect(try host.sh("ss -Hltn 'sport = :18080' | wc -l") == "0")
    }

    @Test func aTimeoutFailsWithAnsiblesMessageOrTheGivenOne() throws {
        let host = try LabHost("h144")
        let started = Date()
        let timedOut = try host.run("wait_for", args(["port": 18099, "timeout": 2]))
        #expect(timedOut.failed && timedOut.message == "Timeout when waiting for 127.0.0.1:18099")
        #expect((timedOut.values["elapsed"]?.intValue ?? 0) >= 2)
        #expect(Date().timeIntervalSince(started) < 6)
        let custom = try host.run("wait_for", args(["path": "/nonexistent/pb", "timeout": 1, "msg": "no file"]))
        #expect(custom.failed && custom.message == "no file")
        let both = try host.run("wait_for", args(["path": "/x", "port": 1]))
        #expect(both.failed && both.message == "port and path parameter can not both be passed to wait_for")
    }

    @Test func anotherHostsPortIsReachedAndItsBannerSearched() throws {
        let lab = try Lab.require(hosts: 3)
        let target = try lab.host("h145").address
        let host = try LabHost("h144")
        let banner = try host.run(
            "wait_for",
            args(["host": .string(target), "port": 22, "search_regex": "OpenSSH_(\\d+)\\.(?P<minor>\\d+)", "timeout": 10]))
        #expect(!banner.failed && !banner.changed, "\(banner.values)")
        let groups = try #require(banner.values["match_groups"]?.listValue)
        #expect(groups.count == 2 && groups[0].stringValue?.isEmpty == false)
        #expect(banner.values["match_groupdict"]?["minor"] == groups[1])
        let closed = try host.run("wait_for", args(["host": .string(target), "port": 18098, "timeout": 2, "connect_timeout": 1]))
        #expect(closed.failed && closed.message == "Timeout when waiting for \(target):18098")
        let gone = try host.run("wait_for", args(["host": .string(target), "port": 18098, "state": "stopped", "timeout": 5]))
        #expect(!gone.failed, "\(gone.values)")
    }

    @Test func aFileIsWaitedForUntilItHoldsTheText() throws {
        let host = try LabHost("h145")
        try host.sh("rm -rf '/tmp/pb wait' /root/canary && mkdir '/tmp/pb wait'")
        let path = "/tmp/pb wait/ready $(touch canary).log"
        // The writer is a script file: systemd would expand the `$` in a command line it is given.
        let writer = "printf 'booting\\nready on port 8080\\n' > \(ShellQuote.quote(path))\n"
        try host.sh("printf '%s' \(ShellQuote.quote(writer)) > /tmp/pb-writer.sh")
        try host.sh("systemd-run --quiet --collect --on-active=2 --timer-property=AccuracySec=10ms sh /tmp/pb-writer.sh")
        let result = try host.run(
            "wait_for", args(["path": .string(path), "search_regex": "^ready on port (?P<port>\\d+)$", "timeout": 20]))
        #expect(!result.failed && !result.changed, "\(result.values)")
        #expect(result.values["match_groupdict"]?["port"] == "8080")
        #expect(result.values["match_groups"] == ["8080"])
        #expect(result.values["path"] == .string(path))
        // As Ansible's add_path_info: the file's attributes, its type in place of the state,
        // and no empty msg.
        #expect(result.values["state"] == "file" && result.values["mode"] == "0644" && result.values["owner"] == "root")
        #expect(result.values["size"] == 27 && result.values["msg"] == nil, "\(result.values)")
        try host.sh("rm -f \(ShellQuote.quote(path))")
        let absent = try host.run("wait_for", args(["path": .string(path), "state": "absent", "timeout": 5]))
        #expect(!absent.failed && absent.values["state"] == "absent" && absent.values["mode"] == nil, "\(absent.values)")
        #expect(try host.sh("test -e /root/canary && echo yes || echo no") == "no")
    }

    @Test func drainedCountsOnlyActiveConnections() throws {
        let host = try LabHost("h145")
        let drained = try host.run("wait_for", args(["port": 18097, "state": "drained", "timeout": 5]))
        #expect(!drained.failed && !drained.changed, "\(drained.values)")
        let busy = try host.run(
            "wait_for", args(["host": "0.0.0.0", "port": 22, "state": "drained", "timeout": 2, "active_connection_states": ["LISTEN"]]))
        #expect(busy.failed && busy.message == "Timeout when waiting for 0.0.0.0:22 to drain", "\(busy.values)")
    }

    @Test func checkModeSkipsAsInAnsible() throws {
        let host = try LabHost("h145")
        let result = try host.run("wait_for", args(["port": 18096, "timeout": 30]), check: true)
        #expect(result.skipped && !result.failed && !result.changed)
    }
}
