import Foundation
import TestSupport
import Testing

/// The example playbooks on fresh lab hosts, as a newcomer meets them: `--check` first changes
/// nothing, the real run converges, the second run changes nothing. `roles-demo.yml` is the
/// role-based one (defaults, templates, a handler, block/rescue, loops over a dict, a `when`
/// on a fact); `users-and-files.yml` and `check-and-diff.yml` go the same way.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct RolesDemoLabTests {
    static let rolesHosts = ["h70", "h71", "h72", "h73"]
    static let usersHosts = ["h74", "h75"]
    static let checkHosts = ["h76", "h77"]
    static let examples = FixtureFiles.repositoryRoot + "/playbooks/"
    static let sites = ["main": (port: UInt16(8080), root: "/var/www/main"), "docs": (port: UInt16(8081), root: "/var/www/docs")]

    @Test func rolesDemoChecksThenConvergesThenChangesNothing() throws {
        let lab = try Self.freshLab(Self.rolesHosts)
        let before = try HostFingerprint.take(lab)

        let check = try lab.run(Self.examples + "roles-demo.yml", ["--check"])
        #expect(check.status == 0, "\(check)")
        try HostFingerprint.take(lab).expectUnchanged(since: before, "--check")

        let first = try lab.run(Self.examples + "roles-demo.yml")
        #expect(first.status == 0, "\(first)")
        for host in Self.rolesHosts {
            #expect(first.recap[host]?["failed"] == 0 && (first.recap[host]?["changed"] ?? 0) > 0, "\(host): \(first)")
            #expect(check.recap[host]?["changed"] == first.recap[host]?["changed"], "check predicts the run:\n\(check)\n\(first)")
        }
        // What the demo is there to show, seen in the run: the fact-guarded install ran, the
        // loops went over the dict's keys, the handler ran once per host.
        #expect(first.stdout.contains("TASK [web : Install nginx]"), "\(first)")
        #expect(!first.stdout.contains("skipping: [h70]"), "the `when` on os_family holds on Debian: \(first)")
        #expect(first.stdout.contains("(item=main)") && first.stdout.contains("(item=docs)"), "\(first)")
        #expect(first.stdout.components(separatedBy: "RUNNING HANDLER [web : reload nginx]").count == 2, "\(first)")
        let commonStart = first.stdout.range(of: "TASK [common : ")?.lowerBound
        let webStart = first.stdout.range(of: "TASK [web : ")?.lowerBound
        #expect(commonStart != nil && webStart != nil && commonStart! < webStart!, "the dependency runs first")
        for host in lab.hosts {
            try expectServed(lab, host)
            #expect(try lab.sh(host.name, "cat /etc/motd").hasPrefix("This host is managed by playbook"), "role default")
            #expect(try lab.sh(host.name, "head -1 /etc/nginx/sites-enabled/docs.conf").hasSuffix("site docs on \(host.name)"))
        }

        let second = try lab.run(Self.examples + "roles-demo.yml")
        #expect(second.status == 0, "\(second)")
        for host in Self.rolesHosts { #expect(second.recap[host]?["changed"] == 0, "\(host): \(second)") }
        #expect(!second.stdout.contains("RUNNING HANDLER"), "\(second)")

        let checkAgain = try lab.run(Self.examples + "roles-demo.yml", ["--check", "--diff"])
        #expect(checkAgain.status == 0, "\(checkAgain)")
        for host in Self.rolesHosts { #expect(checkAgain.recap[host]?["changed"] == 0, "\(host): \(checkAgain)") }
    }

    /// The rescue: a site nginx rejects is taken out again, the run fails with the reason, and
    /// nginx goes on serving what it served; the next good run puts everything back.
    @Test func aRejectedSiteIsRescuedAndTheNextRunRepairsIt() throws {
        let host = "h73"
        let lab = try LabPlaybook([host])
        let converge = try lab.run(Self.examples + "roles-demo.yml")
        #expect(converge.status == 0, "\(converge)")

        let broken = #"{"web_sites": {"main": {"port": 8080, "root": "/var/www/main"}, "broken": {"port": 99999, "root": "/var/www/broken"}}}"#
        let rejected = try lab.run(Self.examples + "roles-demo.yml", ["-e", broken])
        #expect(rejected.status == 2, "\(rejected)")
        #expect(rejected.stdout.contains("nginx rejected the new configuration"), "\(rejected)")
        #expect(rejected.stdout.contains("TASK [web : Take the rejected server blocks out again]"), "\(rejected)")
        #expect(rejected.recap[host]?["failed"] == 1, "\(rejected)")
        #expect(!rejected.stdout.contains("RUNNING HANDLER"), "a failed host runs no handler: \(rejected)")
        #expect(try lab.sh(host, "ls /etc/nginx/sites-enabled | grep '[.]conf$'") == "docs.conf", "the rescue removed main and broken")
        #expect(try lab.sh(host, "nginx -t 2>&1 && systemctl is-active nginx").hasSuffix("active"))
        try expectServed(lab, lab.hosts[0])

        let repair = try lab.run(Self.examples + "roles-demo.yml")
        #expect(repair.status == 0, "\(repair)")
        #expect(repair.stdout.contains("RUNNING HANDLER [web : reload nginx]"), "\(repair)")
        #expect(try lab.sh(host, "ls /etc/nginx/sites-enabled | grep '[.]conf$'") == "docs.conf\nmain.conf")
        try expectServed(lab, lab.hosts[0])
    }

    @Test func usersAndFilesChecksThenConvergesThenChangesNothing() throws {
        // The playbook forbids root logins over SSH, so it runs as a sudo user, as it says.
        let lab = try Self.freshLab(Self.usersHosts, user: "deploy")
        let before = try HostFingerprint.take(lab)
        let playbook = Self.examples + "users-and-files.yml"

        let check = try lab.run(playbook, ["--check"])
        #expect(check.status == 0, "\(check)")
        try HostFingerprint.take(lab).expectUnchanged(since: before, "--check")

        let first = try lab.run(playbook)
        #expect(first.status == 0, "\(first)")
        for host in Self.usersHosts {
            #expect(try lab.sh(host, "getent passwd webapp | cut -d: -f6,7") == "/srv/app:/usr/sbin/nologin")
            #expect(try lab.sh(host, "stat -c '%U %G %a' /srv/app/releases /srv/app/shared/log") == "webapp webapp 750\nwebapp webapp 750")
            #expect(try lab.sh(host, "readlink /srv/app/current") == "/srv/app/releases")
            #expect(try lab.sh(host, "stat -c '%U %a %s' /srv/app/shared/log/app.log") == "webapp 640 0")
            #expect(try lab.sh(host, "sshd -T | grep -i '^permitrootlogin'") == "permitrootlogin no")
            #expect(try lab.sh(host, "head -1 /etc/ssh/sshd_config") == "# BEGIN playbook: ssh hardening")
            try lab.sh(host, "echo 'a line the app logged' >> /srv/app/shared/log/app.log")
        }

        let second = try lab.run(playbook)
        #expect(second.status == 0, "\(second)")
        for host in Self.usersHosts {
            #expect(second.recap[host]?["changed"] == 0, "\(host): \(second)")
            #expect(try lab.sh(host, "cat /srv/app/shared/log/app.log") == "a line the app logged", "force: false kept it")
            // Give the hosts back as other runs expect them: root may log in.
            try lab.sh(host, "sed -i '/playbook: ssh hardening/,/playbook: ssh hardening/d' /etc/ssh/sshd_config && systemctl reload ssh")
        }
    }

    @Test func checkAndDiffPreviewsThenAppliesAndKeepsPreviewingItsCheckOnlyTask() throws {
        let lab = try Self.freshLab(Self.checkHosts)
        let before = try HostFingerprint.take(lab)
        let playbook = Self.examples + "check-and-diff.yml"

        let check = try lab.run(playbook, ["--check", "--diff"])
        #expect(check.status == 0, "\(check)")
        try HostFingerprint.take(lab).expectUnchanged(since: before, "--check --diff")
        #expect(check.stdout.contains("+Authorized use only. Activity may be monitored."), "\(check)")
        #expect(check.stdout.contains("dry run: nothing was changed"), "\(check)")

        let first = try lab.run(playbook)
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout.contains("changes applied"), "\(first)")
        for host in Self.checkHosts {
            #expect(try lab.sh(host, "cat /etc/issue.net") == "Authorized use only. Activity may be monitored.")
            #expect(try lab.sh(host, "test -e /etc/playbook-kernel && echo made || echo never") == "never")
        }

        // The `check_mode: true` task predicts its change on every run and never makes it: the
        // one change a converged host still reports, as in Ansible.
        let second = try lab.run(playbook)
        #expect(second.status == 0, "\(second)")
        for host in Self.checkHosts { #expect(second.recap[host]?["changed"] == 1, "\(host): \(second)") }
    }

    // MARK: Helpers

    /// Fresh hosts (the image as built), settled so that only a run can change them.
    static func freshLab(_ names: [String], user: String = "root") throws -> LabPlaybook {
        try LabPlaybook.fresh(names)
        let lab = try LabPlaybook(names, user: user)
        for host in names { try lab.sh(host, "systemctl is-system-running --wait >/dev/null || true") }
        return lab
    }

    func expectServed(_ lab: LabPlaybook, _ host: Lab.Host) throws {
        for (name, site) in Self.sites {
            let response = try HTTPGet.fetch(address: host.address, port: site.port)
            #expect(response.statusLine == "HTTP/1.1 200 OK", "\(host.name):\(site.port)")
            #expect(response.body == "<h1>Served by playbook: \(name)</h1>\n", "\(host.name):\(site.port)")
        }
    }
}

extension RolesDemoLabTests {
    /// What a run could change on a host: packages, users, files under the system trees (size,
    /// mode, owner, modification time), and the state of every unit.
    struct HostFingerprint {
        static let command = """
            dpkg-query -W -f='${Package} ${Version} ${Status}\\n' | sort
            getent passwd; getent group
            find /etc /usr /var /srv /opt /root /home -xdev \\( -path /var/log -o -path /var/cache/private \
            -o -path /var/lib/systemd/timers -o -path /var/lib/sudo \\) -prune -o -printf '%p %s %m %U:%G %T@\\n' | sort
            systemctl list-units --all --no-legend --plain --type=service,socket | awk '{print $1, $2, $3, $4}' | sort
            systemctl list-unit-files --no-legend | sort
            """

        var lines: [String: Set<Substring>]

        static func take(_ lab: LabPlaybook) throws -> HostFingerprint {
            HostFingerprint(lines: try lab.shAll(command).mapValues { Set($0.split(separator: "\n")) })
        }

        func expectUnchanged(since before: HostFingerprint, _ what: String) {
            for (host, now) in lines.sorted(by: { $0.key < $1.key }) {
                let changed = now.symmetricDifference(before.lines[host] ?? [])
                #expect(changed.isEmpty, "\(what) changed \(host): \(changed.sorted())")
            }
        }
    }
}
