import Foundation
import Modules
import Testing
import Values

/// The facts beyond the basic ones (environment, account, memory, cores, resolver, LSB, …)
/// are read from files with shell builtins; each must be what the tool that reports it says.
struct SetupMoreFactsTests {
    let setup = SetupFactsTests()

    /// The environment is the program's own: exactly the variables it was started with.
    @Test func environmentIsExactlyWhatTheProgramWasGiven() throws {
        let given = [
            "HOME=/home/someone", "PATH=/usr/bin:/bin", "PLAIN=value",
            "QUOTED=it's \"quoted\" and \\ backslashed", "MULTI=line one\nexport FAKE=1\nline three",
            "EMPTY=", "UNICODE=h\u{e9}llo",
        ]
        let facts = try setup.facts(environment: ["-i"] + given)
        let environment = try #require(facts["ansible_env"]?.dictValue)
        var expected = ValueDict()
        for entry in given {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            expected[String(parts[0])] = .string(String(parts[1]))
        }
        // The shell itself may add PWD (dash does; ansible's module process sees its own too).
        var gathered = environment
        gathered["PWD"] = nil
        #expect(Set(gathered.keys) == Set(expected.keys))
        for (name, value) in expected { #expect(gathered[name] == value, "\(name)") }
    }

    @Test func accountAndIdsAreWhatGetentAndIdSay() throws {
        let facts = try setup.facts()
        let entry = try setup.shell("getent passwd \"$(id -u)\"").split(separator: ":", omittingEmptySubsequences: false)
        try #require(entry.count == 7)
        #expect(facts["ansible_user_dir"] == .string(String(entry[5])))
        #expect(facts["ansible_user_shell"] == .string(String(entry[6])))
        #expect(facts["ansible_user_gecos"] == .string(String(entry[4])))
        #expect(facts["ansible_user_uid"] == Int(entry[2]).map(Value.int))
        #expect(facts["ansible_user_gid"] == Int(entry[3]).map(Value.int))
        for (fact, flags) in [
            ("real_user_id", "-ru"), ("effective_user_id", "-u"), ("real_group_id", "-rg"), ("effective_group_id", "-g"),
        ] {
            #expect(facts["ansible_" + fact] == Int(try setup.shell("id \(flags)")).map(Value.int), "\(fact)")
        }
    }

    @Test func systemFactsAreWhatTheirToolsSay() throws {
        let facts = try setup.facts()
        #expect(facts["ansible_kernel_version"] == .string(try setup.shell("uname -v")))
        if FileManager.default.fileExists(atPath: "/etc/machine-id") {
            #expect(facts["ansible_machine_id"] == .string(try setup.shell("cat /etc/machine-id")))
        }
        let meminfo = try setup.shell(
            "awk '/^(MemTotal|MemFree|SwapTotal|SwapFree):/ { printf \"%s \", int($2 / 1024) }' /proc/meminfo")
            .split(separator: " ").compactMap { Int($0) }
        try #require(meminfo.count == 4)
        let memory = try #require(facts["ansible_memory_mb"]?.dictValue)
        #expect(memory["real"]?.dictValue?["total"] == .int(meminfo[0]))
        #expect(facts["ansible_swaptotal_mb"] == .int(meminfo[2]))
        // Free memory moves between the two reads; only its shape and bounds are certain.
        if case .int(let free)? = memory["real"]?.dictValue?["free"] { #expect(free >= 0 && free <= meminfo[0]) }
        let topology = try setup.shell(
            "lscpu | sed -n -e 's/^Core(s) per socket: *//p' -e 's/^Thread(s) per core: *//p' | paste -sd ' '")
            .split(separator: " ").compactMap { Int($0) }
        if topology.count == 2 {
            #expect(facts["ansible_processor_threads_per_core"] == .int(topology[0]))
            #expect(facts["ansible_processor_cores"] == .int(topology[1]))
        }
        let version = try setup.shell("cat /etc/debian_version 2>/dev/null || true")
        if version.contains("."), let minor = version.split(separator: ".").dropFirst().first {
            #expect(facts["ansible_distribution_minor_version"] == .string(String(minor)))
        }
        #expect(facts["ansible_fips"] == .bool(try setup.shell("cat /proc/sys/crypto/fips_enabled 2>/dev/null || echo 0") == "1"))
        #expect(facts["ansible_selinux"]?.dictValue?["status"] != nil)
        #expect(facts["ansible_loadavg"]?.dictValue?.keys.sorted() == ["15m", "1m", "5m"])
    }

    @Test func resolverAndLSBAreWhatTheirSourcesSay() throws {
        let facts = try setup.facts()
        let dns = try #require(facts["ansible_dns"]?.dictValue)
        let nameservers = try setup.shell("awk '$1 == \"nameserver\" { for (i = 2; i <= NF; i++) print $i }' /etc/resolv.conf 2>/dev/null")
            .split(separator: "\n").map { Value.string(String($0)) }
        #expect((dns["nameservers"]?.listValue ?? []) == nameservers)
        let lsb = try #require(facts["ansible_lsb"]?.dictValue)
        let tool = try setup.shell("command -v lsb_release >/dev/null && lsb_release -sc 2>/dev/null || true")
        if !tool.isEmpty { #expect(lsb["codename"] == .string(tool)) }
        if let release = lsb["release"]?.stringValue {
            #expect(lsb["major_release"] == .string(String(release.split(separator: ".").first ?? "")))
        }
    }

    /// default_ipv4 is the route to a public address, completed from its interface's address;
    /// every interface `ip` shows has its fact, with its addresses.
    @Test func networkFactsAreWhatIpSays() throws {
        let facts = try setup.facts()
        let names = try setup.shell("ip -o link show | awk -F': ' '{ sub(/@.*/, \"\", $2); print $2 }'")
            .split(separator: "\n").map(String.init)
        #expect(facts["ansible_interfaces"] == .list(names.map(Value.string)))
        for name in names {
            let fact = try #require(facts["ansible_" + name.replacingOccurrences(of: "-", with: "_")]?.dictValue, "\(name)")
            #expect(fact["device"] == .string(name))
            let mtu = try setup.shell("cat /sys/class/net/\(name)/mtu 2>/dev/null || true")
            if let value = Int(mtu) { #expect(fact["mtu"] == .int(value), "\(name)") }
            let first = try setup.shell("ip -o -4 addr show dev \(name) | awk 'NR == 1 { print $4 }'")
            if !first.isEmpty {
                let ipv4 = try #require(fact["ipv4"]?.dictValue, "\(name)")
                let parts = first.split(separator: "/")
                #expect(ipv4["address"] == .string(String(parts[0])))
                let prefix = parts.count > 1 ? Int(parts[1]) ?? 32 : 32
                #expect(ipv4["prefix"] == .string(String(prefix)))
                let mask = prefix == 0 ? 0 : (UInt32.max << UInt32(32 - prefix))
                let dotted = [24, 16, 8, 0].map { String((mask >> UInt32($0)) & 255) }.joined(separator: ".")
                #expect(ipv4["netmask"] == .string(dotted), "\(name)")
            }
        }
        let route = try setup.shell("ip -o -4 route get 8.8.8.8 2>/dev/null || true").split(separator: " ").map(String.init)
        let defaultRoute = try #require(facts["ansible_default_ipv4"]?.dictValue)
        if let dev = route.firstIndex(of: "dev"), dev + 1 < route.count {
            #expect(defaultRoute["interface"] == .string(route[dev + 1]))
            if let src = route.firstIndex(of: "src"), src + 1 < route.count {
                #expect(defaultRoute["address"] == .string(route[src + 1]))
                #expect(defaultRoute["netmask"] != nil && defaultRoute["network"] != nil)
            }
            if let via = route.firstIndex(of: "via"), via + 1 < route.count {
                #expect(defaultRoute["gateway"] == .string(route[via + 1]))
            }
        } else {
            #expect(defaultRoute.isEmpty)
        }
        let all6 = try setup.shell("ip -o -6 addr show | awk '{ sub(/\\/.*/, \"\", $4); if ($4 != \"::1\") print $4 }'")
            .split(separator: "\n").map { Value.string(String($0)) }
        #expect(facts["ansible_all_ipv6_addresses"] == .list(all6))
    }
}
