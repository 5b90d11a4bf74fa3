import Foundation
import TestSupport
import Testing

/// `--check` predicts without touching the host; `--diff` shows content and attribute changes.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct CheckModeLabTests {
    static let names = ["h114", "h115"]
    static let site = FixtureFiles.repositoryRoot + "/playbooks/site.yml"
    static let config = "/etc/nginx/sites-enabled/playbook.conf"

    /// What a run could change on a host: packages, files under the system trees (with size,
    /// mode, owner and modification time), and the state of every unit.
    static let snapshot = """
        dpkg-query -W -f='${Package} ${Version} ${Status}\\n' | sort
        find /etc /usr /var /srv /opt /root -xdev \\( -path /var/log -o -path /var/cache/private -o -path /var/lib/systemd/timers \\) -prune -o -printf '%p %s %m %U:%G %T@\\n' | sort
        systemctl list-units --all --no-legend --plain --type=service,socket | awk '{print $1, $2, $3, $4}' | sort
        systemctl list-unit-files --no-legend | sort
        """

    @Test func checkModeChangesNothingAndPredictsTheRealRun() throws {
        try LabPlaybook.fresh(Self.names)
        let lab = try LabPlaybook(Self.names)
        // Settle first: boot-time units finish, so only the run itself could change anything.
        for host in Self.names { try lab.sh(host, "systemctl is-system-running --wait >/dev/null || true") }
        let before = try lab.shAll(Self.snapshot)

        let check = try lab.run(Self.site, ["--check"])
        #expect(check.status == 0, "\(check)")
        let after = try lab.shAll(Self.snapshot)
        for host in Self.names {
            let changedLines = Set(after[host]!.split(separator: "\n")).symmetricDifference(before[host]!.split(separator: "\n"))
            #expect(changedLines.isEmpty, "\(host) changed in check mode: \(changedLines.sorted())")
            #expect(try lab.sh(host, "test -e /etc/nginx && echo present || echo absent") == "absent")
        }

        let real = try lab.run(Self.site)
        #expect(real.status == 0, "\(real)")
        for host in Self.names {
            #expect(check.recap[host]?["changed"] == real.recap[host]?["changed"], "\(host): check\n\(check)\nreal\n\(real)")
            #expect(check.recap[host]?["failed"] == 0)
            #expect(real.recap[host]?["changed"] == 5)
        }
        #expect(check.stdout.contains("RUNNING HANDLER [restart nginx]"), "the handler is predicted too")
    }

    @Test func diffShowsAHandEditAsAUnifiedDiffAndAModeChangeAsBeforeAndAfter() throws {
        let lab = try LabPlaybook(["h114"])
        let converge = try lab.run(Self.site)
        #expect(converge.status == 0, "\(converge)")
        try lab.sh("h114", "echo '# added on the host' >> \(Self.config) && chmod 600 \(Self.config)")
        let edited = try lab.sh("h114", "sha1sum < \(Self.config)")

        let check = try lab.run(Self.site, ["--check", "--diff"])
        #expect(check.status == 0, "\(check)")
        #expect(check.recap["h114"]?["changed"] == 2, "config and handler: \(check)")
        #expect(check.stdout.contains("--- before: \(Self.config)"), "\(check)")
        #expect(check.stdout.contains("+++ after: "), "\(check)")
        #expect(check.stdout.contains("@@ "), "a unified hunk header: \(check)")
        #expect(check.stdout.contains("\n-# added on the host\n"), "the removed line: \(check)")
        #expect(try lab.sh("h114", "sha1sum < \(Self.config)") == edited, "--check --diff changed nothing")
        #expect(try lab.sh("h114", "stat -c %a \(Self.config)") == "600")

        let real = try lab.run(Self.site, ["--diff"])
        #expect(real.status == 0, "\(real)")
        #expect(real.stdout.contains("-# added on the host"), "\(real)")
        #expect(try lab.sh("h114", "stat -c %a \(Self.config)") == "644")

        try lab.sh("h114", "chmod 600 \(Self.config)")
        let modeOnly = try lab.run(Self.site, ["--diff"])
        #expect(modeOnly.status == 0, "\(modeOnly)")
        #expect(modeOnly.recap["h114"]?["changed"] == 2, "\(modeOnly)")
        #expect(modeOnly.stdout.contains(#"-    "mode": "0600","#), "mode before: \(modeOnly)")
        #expect(modeOnly.stdout.contains(#"+    "mode": "0644","#), "mode after: \(modeOnly)")
        #expect(!modeOnly.stdout.contains("-# added"), "no content diff when only the mode changed")
    }
}
