import Foundation
import Modules
import Testing
import Transport
import Values

/// The facts program reads files with shell builtins and runs each tool once; every fact must
/// still be what the tool it replaces reports when asked alone, on this machine.
struct SetupFactsTests {
    /// Each fact the plain way, one tool per fact: `name<TAB>value` lines.
    static let reference = #"""
        os() { sed -n "s/^$1=//p" /etc/os-release 2>/dev/null | head -n 1 | sed 's/^"\(.*\)"$/\1/'; }
        fact() { printf '%s\t%s\n' "$1" "$2"; }
        fact system "$(uname -s)"
        fact kernel "$(uname -r)"
        fact architecture "$(uname -m)"
        fact nodename "$(uname -n)"
        fact fqdn "$(hostname -f 2>/dev/null || uname -n)"
        fact user_id "$(id -un)"
        fact distribution_release "$(os VERSION_CODENAME)"
        fact memtotal_mb "$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)"
        fact processor_vcpus "$(grep -c '^processor' /proc/cpuinfo)"
        fact processor_nproc "$(nproc)"
        if command -v systemd-detect-virt >/dev/null 2>&1; then
            fact virtualization_type "$(systemd-detect-virt 2>/dev/null || echo none)"
        fi
        if command -v ip >/dev/null 2>&1; then
            fact all_ipv4_addresses "$(ip -4 -o addr show | awk '$2 != "lo" { sub(/\/.*/, "", $4); print $4 }' | paste -sd ,)"
            set -- $(ip -4 route show default | head -n 1)
            while [ $# -gt 0 ]; do case $1 in dev) fact default_interface "$2" ;; via) fact default_gateway "$2" ;; esac; shift; done
        fi
        """#

    func facts(environment: [String] = []) throws -> ValueDict {
        let body = try #require(ModulePrograms.source(named: "setup"))
        let program = try ModuleProgram(moduleName: "setup", body: body, checkMode: false, diff: false).render()
        let output = try LocalShellConnection.execute(["env"] + environment + ["/bin/sh", "-s"], stdin: Array(program.utf8))
        #expect(output.succeeded, "\(output.stderrText)")
        let lines = output.stdoutText.split(separator: "\n", omittingEmptySubsequences: false)
        let reply = try #require(lines.lastIndex { !$0.isEmpty }.map { String(lines[$0]) })
        let parsed = try JSON.parse(reply)
        return try #require(parsed["ansible_facts"]?.dictValue)
    }

    func shell(_ script: String, environment: [String] = []) throws -> String {
        let output = try LocalShellConnection.execute(["env"] + environment + ["/bin/sh", "-c", script], stdin: [])
        #expect(output.succeeded, "\(output.stderrText)")
        var text = output.stdoutText
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    @Test func everyFactIsWhatItsOwnToolReports() throws {
        let gathered = try facts()
        var expected: [String: String] = [:]
        for line in try shell(Self.reference).split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            expected[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        for name in ["system", "kernel", "architecture", "nodename", "fqdn", "user_id", "distribution_release"] {
            #expect(gathered["ansible_" + name] == .string(expected[name] ?? "?"), "\(name)")
        }
        #expect(gathered["ansible_machine"] == gathered["ansible_architecture"])
        for name in ["memtotal_mb", "processor_vcpus", "processor_nproc"] {
            #expect(gathered["ansible_" + name] == Int(expected[name] ?? "").map(Value.int), "\(name)")
        }
        if let virt = expected["virtualization_type"] {
            #expect(gathered["ansible_virtualization_type"] == .string(virt))
        }
        if let addresses = expected["all_ipv4_addresses"] {
            let list = addresses.split(separator: ",").map { Value.string(String($0)) }
            #expect(gathered["ansible_all_ipv4_addresses"] == .list(list))
        }
        if let interface = expected["default_interface"] {
            let route = try #require(gathered["ansible_default_ipv4"]?.dictValue)
            #expect(route["interface"] == .string(interface))
            #expect(route["gateway"] == .string(expected["default_gateway"] ?? ""))
            let mac = try shell("cat /sys/class/net/\(interface)/address")
            #expect(route["macaddress"] == .string(mac))
        }
    }

    /// The UTC time of `iso8601` is worked out from the epoch in shell arithmetic: a `date`
    /// fixed at chosen moments (leap days, century years, 2038, year ends) checks it.
    @Test(arguments: [
        0, 951_782_399, 951_782_400, 951_868_800, 1_709_164_800, 2_147_483_648, 4_107_542_399, 4_107_542_400,
        253_402_300_799,
    ])
    func iso8601IsTheUTCTimeOfTheEpoch(epoch: Int) throws {
        let bin = FileManager.default.temporaryDirectory.appendingPathComponent("pb-date-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: bin) }
        let date = bin.appendingPathComponent("date").path
        let fixed = "#!/bin/sh\nexec /usr/bin/date -d @\(epoch) \"$@\"\n"
        #expect(FileManager.default.createFile(atPath: date, contents: Data(fixed.utf8), attributes: [.posixPermissions: 0o755]))
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        for zone in ["UTC", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"] {
            // Its own TMPDIR: with the clock moved, no real leftover of another run may look stale.
            let environment = ["PATH=" + path, "TZ=" + zone, "TMPDIR=" + bin.path]
            let moment = try #require(try facts(environment: environment)["ansible_date_time"]?.dictValue)
            #expect(moment["epoch"] == .string(String(epoch)))
            #expect(moment["iso8601"] == .string(try shell("/usr/bin/date -u -d @\(epoch) +%Y-%m-%dT%H:%M:%SZ")), "\(zone)")
            let local = try shell("/usr/bin/date -d @\(epoch) '+%Y-%m-%d %H:%M:%S %Z'", environment: ["TZ=" + zone])
            let parts = local.split(separator: " ").map { Value.string(String($0)) }
            #expect([moment["date"], moment["time"], moment["tz"]] == parts.map { Optional($0) }, "\(zone)")
        }
    }
}
