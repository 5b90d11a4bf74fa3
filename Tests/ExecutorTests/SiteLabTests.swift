import Foundation
import TestSupport
import Testing

/// The user's first promise: `playbooks/site.yml` takes fresh hosts to nginx serving the page,
/// restarts nginx exactly once for the configuration, and a second run changes nothing.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct SiteLabTests {
    static let names = ["h111", "h112", "h113"]
    static let site = FixtureFiles.repositoryRoot + "/playbooks/site.yml"
    static let page = FixtureFiles.repositoryRoot + "/playbooks/files/index.html"
    static let config = "/etc/nginx/sites-enabled/playbook.conf"

    /// How often systemd started and stopped nginx, and the current run's identity.
    struct NginxHistory: Equatable {
        var starts: Int
        var stops: Int
        var invocation: String
    }

    func history(_ lab: LabPlaybook, _ host: String) throws -> NginxHistory {
        let journal = try lab.sh(host, "journalctl -u nginx -o cat --no-pager")
        let lines = journal.split(separator: "\n")
        return NginxHistory(
            starts: lines.filter { $0.hasPrefix("Started nginx.service") }.count,
            stops: lines.filter { $0.hasPrefix("Stopping nginx.service") }.count,
            invocation: try lab.sh(host, "systemctl show -p InvocationID --value nginx"))
    }

    @Test func freshHostsConvergeServeThePageAndStayConverged() throws {
        try LabPlaybook.fresh(Self.names)
        let lab = try LabPlaybook(Self.names)
        for host in Self.names {
            #expect(try lab.sh(host, "dpkg-query -W -f='${Status}' nginx 2>/dev/null || echo absent") != "install ok installed")
        }

        let first = try lab.run(Self.site)
        #expect(first.status == 0, "\(first)")
        // Facts, then apt, file, copy, copy changed, systemd found nginx running, and the handler.
        for host in Self.names {
            #expect(
                first.recap[host] == ["ok": 7, "changed": 5, "unreachable": 0, "failed": 0, "skipped": 0, "rescued": 0, "ignored": 0],
                "\(host): \(first)")
            #expect(try lab.sh(host, "dpkg-query -W -f='${Status}' nginx") == "install ok installed")
            #expect(try lab.sh(host, "stat -c '%U %G %a' \(Self.config)") == "root root 644")
            #expect(try lab.sh(host, "stat -c '%a' /var/www/playbook") == "755")
            #expect(try lab.sh(host, "systemctl is-enabled nginx; systemctl is-active nginx") == "enabled\nactive")
            // The package started nginx once; the handler restarted it exactly once.
            let afterFirst = try history(lab, host)
            #expect(afterFirst.starts == 2 && afterFirst.stops == 1, "\(host): \(afterFirst)")
        }
        #expect(first.stdout.components(separatedBy: "RUNNING HANDLER [restart nginx]").count == 2, "one handler banner")

        let expectedPage = try String(contentsOfFile: Self.page, encoding: .utf8)
        for host in lab.hosts {
            let response = try HTTPGet.fetch(address: host.address, port: 8080)
            #expect(response.statusLine == "HTTP/1.1 200 OK", "\(host.name)")
            #expect(response.body == expectedPage, "\(host.name) serves the page from playbooks/files/index.html")
        }

        let before = try Self.names.map { try history(lab, $0) }
        let second = try lab.run(Self.site)
        #expect(second.status == 0, "\(second)")
        for host in Self.names {
            #expect(second.recap[host]?["changed"] == 0, "\(host): \(second)")
            #expect(second.recap[host]?["ok"] == 6, "no handler ran: \(second)")
        }
        #expect(!second.stdout.contains("RUNNING HANDLER"))
        #expect(try Self.names.map { try history(lab, $0) } == before, "nginx was not restarted by a run that changed nothing")
    }

    @Test func onlyAChangedConfigurationRestartsNginxAndOnlyWhereItChanged() throws {
        let lab = try LabPlaybook(Self.names)
        let converge = try lab.run(Self.site)
        #expect(converge.status == 0, "\(converge)")
        let before = try Self.names.map { try history(lab, $0) }

        try lab.sh("h112", "echo '# edited by hand' >> \(Self.config)")
        let run = try lab.run(Self.site)
        #expect(run.status == 0, "\(run)")
        #expect(run.recap["h112"]?["changed"] == 2, "the configuration and the handler: \(run)")
        #expect(run.recap["h111"]?["changed"] == 0 && run.recap["h113"]?["changed"] == 0, "\(run)")
        #expect(run.stdout.contains("changed: [h112]"))

        let after = try Self.names.map { try history(lab, $0) }
        #expect(after[0] == before[0] && after[2] == before[2], "untouched hosts keep their nginx process")
        #expect(after[1].invocation != before[1].invocation, "h112's nginx was restarted")
        #expect(after[1].stops == before[1].stops + 1 && after[1].starts == before[1].starts + 1, "exactly once")
        #expect(try lab.sh("h112", "grep -c 'edited by hand' \(Self.config) || true") == "0")
    }
}
