import Foundation
import Testing

@testable import Executor

/// The `playbook` binary as a subprocess: what it prints and how it exits. The listing goldens
/// are ansible-core 2.18's own output for the same files, with one difference: Ansible prints
/// `--list-hosts` from a Python set (any order); we print the hosts in inventory order.
@Suite struct CLITests {
    static let exampleInventory = FixtureFiles.repositoryRoot + "/inventory/hosts.ini"
    static let sitePlaybook = FixtureFiles.repositoryRoot + "/playbooks/site.yml"
    static let cliFixtures = FixtureFiles.path("cli")

    func playbook(_ arguments: [String], timeout: Double = 120) throws -> PlaybookProcess.Output {
        try PlaybookProcess.run(arguments, in: Self.cliFixtures, timeout: timeout)
    }

    @Test func versionPrintsTheVersion() throws {
        let output = try playbook(["--version"])
        #expect(output.status == 0)
        #expect(output.stdout == PlaybookVersion.current + "\n")
        #expect(output.stderr.isEmpty)
    }

    @Test func helpShowsTheFlagsAndTheExitCodeTable() throws {
        let output = try playbook(["--help"])
        #expect(output.status == 0, "\(output)")
        for flag in ["--inventory", "--extra-vars", "--limit", "--tags", "--skip-tags", "--check", "--diff", "--list-hosts",
            "--list-tasks", "--list-tags", "--syntax-check", "--become", "--forks", "--start-at-task"]
        {
            #expect(output.stdout.contains(flag), "--help does not mention \(flag)")
        }
        #expect(output.stdout.contains("64 bad usage") && output.stdout.contains("65 a playbook"))
    }

    @Test func syntaxCheckOfTheSitePlaybookTouchesNoHost() throws {
        // The example inventory's hosts do not exist: a syntax check must not try them.
        let output = try playbook(["--syntax-check", Self.sitePlaybook, "-i", Self.exampleInventory], timeout: 20)
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout == "\nplaybook: \(Self.sitePlaybook)\n")
        #expect(output.stderr.isEmpty, "\(output)")
    }

    @Test(arguments: [
        ("--list-hosts", "patterns.list-hosts.txt", [String]()),
        ("--list-tasks", "patterns.list-tasks.txt", []),
        ("--list-tags", "patterns.list-tags.txt", []),
        ("--list-tasks", "patterns.list-tasks-never-b.txt", ["--tags", "never,b"]),
        // All three at once: hosts, then tasks (`never` ones too, as --list-tags selects them), then tags.
        ("--list-hosts", "patterns.list-all.txt", ["--list-tasks", "--list-tags"]),
    ])
    func listingsMatchAnsible(_ flag: String, _ golden: String, _ extra: [String]) throws {
        let output = try playbook(["-i", Self.exampleInventory, "patterns.yml", flag] + extra)
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout == FixtureFiles.text("cli/" + golden), "\(output)")
        #expect(output.stderr.isEmpty)
    }

    @Test func limitWithIntersectionAndExclusionNarrowsTheHosts() throws {
        let output = try playbook([
            "-i", Self.exampleInventory, Self.sitePlaybook, "--list-hosts", "--limit", "production:&webservers:!staging",
        ])
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout == """

            playbook: \(Self.sitePlaybook)

              play #1 (webservers): Serve the site with nginx\tTAGS: []
                pattern: ['webservers']
                hosts (3):
                  web01
                  web02
                  web03

            """)
        let none = try playbook(["-i", Self.exampleInventory, Self.sitePlaybook, "--list-hosts", "--limit", "webservers:&dbservers"])
        #expect(none.status == 0)
        #expect(none.stdout.hasSuffix("    hosts (0):\n"), "\(none)")
    }

    @Test func aMalformedPlaybookExits65WithEveryErrorAtItsPlace() throws {
        let output = try playbook(["-i", Self.exampleInventory, "malformed.yml"], timeout: 20)
        #expect(output.status == 65, "\(output)")
        #expect(output.stdout.isEmpty, "nothing ran: \(output)")
        #expect(output.stderr.contains("malformed.yml:6:9: error: unknown argument 'nme' for module 'apt'"), "\(output)")
        #expect(output.stderr.contains("did you mean 'name'?"))
        #expect(output.stderr.contains("malformed.yml:11:16: error: argument 'state' of module 'systemd' must be one of"))
        #expect(output.stderr.contains("did you mean 'started'?"))
    }

    @Test func aMalformedInventoryAndExtraVarsAreReportedTogether() throws {
        let directory = try FixtureFiles.temporaryDirectory("pb-cli-bad-inventory")
        try "[web\nh1 ansible_port=twenty\n".write(toFile: directory + "/hosts.ini", atomically: true, encoding: .utf8)
        let output = try playbook(["-i", directory + "/hosts.ini", "-e", "novalue", Self.sitePlaybook], timeout: 20)
        #expect(output.status == 65, "\(output)")
        #expect(output.stderr.contains(directory + "/hosts.ini:1:"), "\(output)")
        #expect(output.stderr.contains("'novalue' is not key=value"), "\(output)")
    }

    @Test(arguments: [
        ["--bogus", "site.yml"], ["--forks", "0", "site.yml"], [], ["--host-key-checking", "maybe", "site.yml"],
        ["-f", "many", "site.yml"],
    ])
    func badUsageExits64(_ arguments: [String]) throws {
        let output = try playbook(arguments, timeout: 20)
        #expect(output.status == 64, "\(output)")
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("playbook --help"), "\(output)")
        #expect(output.stderr.components(separatedBy: "Usage:").count <= 2, "the usage line once: \(output)")
    }

    // MARK: Exit codes from host outcomes

    func run(_ file: String, limit: String) throws -> PlaybookProcess.Output {
        try playbook(["-i", "exit-codes.ini", file, "--limit", limit, "-T", "2"], timeout: 60)
    }

    @Test func allHostsFineExits0() throws {
        let output = try run("exit-codes.yml", limit: "fine")
        #expect(output.status == 0, "\(output)")
        #expect(output.recap["fine"]?["ok"] == 2)
    }

    @Test func aFailedHostExits2AndTheOthersFinish() throws {
        let output = try run("exit-codes.yml", limit: "fine,broken")
        #expect(output.status == 2, "\(output)")
        #expect(output.recap["broken"]?["failed"] == 1)
        #expect(output.recap["fine"]?["ok"] == 2, "the healthy host ran every task")
        #expect(output.stdout.contains("fatal: [broken]: FAILED! => {\"changed\": false, \"msg\": \"asked to fail\"}"), "\(output)")
    }

    @Test func anUnreachableHostExits4WithinTheConnectTimeout() throws {
        let output = try run("exit-codes.yml", limit: "fine,gone")
        #expect(output.status == 4, "\(output)")
        #expect(output.recap["gone"]?["unreachable"] == 1)
        #expect(output.recap["fine"]?["ok"] == 2)
        #expect(output.stdout.contains("fatal: [gone]: UNREACHABLE!"), "\(output)")
        #expect(output.seconds < 2 + 3, "-T 2: marked unreachable within the timeout (took \(output.seconds) s)")
    }

    @Test func failedAndUnreachableTogetherExit6() throws {
        let output = try run("exit-codes.yml", limit: "broken,gone")
        #expect(output.status == 6, "\(output)")
    }

    @Test func anyErrorsFatalAbortsThePlayAndTheRun() throws {
        let output = try run("abort.yml", limit: "fine,broken")
        #expect(output.status == ExitStatus([.playAborted, .hostFailed]).code, "\(output)")
        #expect(output.status & 8 == 8)
        #expect(!output.stdout.contains("never reached"), "no task after the failure ran: \(output)")
        #expect(output.recap["fine"]?["failed"] == 0)
    }

    @Test func maxFailPercentageAbortsThePlay() throws {
        let output = try run("max-fail.yml", limit: "fine,broken")
        #expect(output.status == ExitStatus([.playAborted, .hostFailed]).code, "\(output)")
        #expect(!output.stdout.contains("never reached"), "\(output)")
    }
}

extension CLITests {
    /// Hosts that do not resolve: only a local connection can reach them.
    static let nowhere = "nowhere-1.invalid,nowhere-2.invalid,"

    @Test func theConnectionKeywordOfThePlayRunsLocally() throws {
        let output = try playbook(["-i", Self.nowhere, "connection.yml", "-T", "2"], timeout: 60)
        #expect(output.status == 0, "\(output)")
        #expect(output.recap["nowhere-1.invalid"]?["ok"] == 1, "\(output)")
    }

    @Test func dashCLocalRunsLocallyAndTheInventoryStillWins() throws {
        let output = try playbook(["-i", Self.nowhere, "ping.yml", "-c", "local", "-T", "2"], timeout: 60)
        #expect(output.status == 0, "\(output)")
        let ssh = try playbook(["-i", Self.nowhere, "ping.yml", "-c", "local", "-T", "2", "-e", "ansible_connection=ssh"], timeout: 60)
        #expect(ssh.status == 4, "ansible_connection beats -c: \(ssh)")
    }
}

extension CLITests {
    @Test func loopsRunTheirItemsAndBreakWhenAsked() throws {
        let output = try playbook(["-i", "fine,", "-c", "local", "loops.yml"], timeout: 60)
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout.contains("RAN=1,2,3"), "break_when stopped after the third item: \(output)")
        #expect(!output.stdout.contains("(item=4)"))
        for label in ["web02", "web04", "web06"] { #expect(output.stdout.contains("ok: [fine] => (item=\(label))"), "\(output)") }
        #expect(output.stdout.contains("\"msg\": \"FLAT=c\""), "\(output)")
    }
}

extension CLITests {
    @Test func includeTasksLoopsAndItsConditionIsNotReevaluatedInside() throws {
        let output = try playbook(["-i", "h1,h2,", "-c", "local", "include-loop.yml"], timeout: 60)
        #expect(output.status == 0, "\(output)")
        // Hosts run a task in parallel, so within one item either may print first.
        let lines = output.stdout.split(separator: "\n").filter { $0.contains("INC=") }.map { String($0) }
        #expect(lines.count == 4, "\(output)")
        #expect(lines.prefix(2).allSatisfy { $0.contains("INC=alpha") } && lines.suffix(2).allSatisfy { $0.contains("INC=beta") })
        #expect(Set(lines.prefix(2).map { $0.contains("ON=h1") }) == [true, false], "each host once per item")
        #expect(output.stdout.components(separatedBy: "AFTER-SET-FACT").count == 3, "once per host: \(output)")
    }

    @Test func anIncludeThatCannotBeRenderedFailsTheHost() throws {
        let output = try playbook(["-i", "h1,", "-c", "local", "include-bad.yml"], timeout: 60)
        #expect(output.status == 2, "\(output)")
        #expect(output.stdout.contains("'nowhere_defined' is undefined"), "\(output)")
        #expect(!output.stdout.contains("the run went on"))
    }
}

extension CLITests {
    @Test func startAtTaskBeginsThereAndANameMatchingNothingIsRefused() throws {
        let output = try playbook(["-i", "exit-codes.ini", "exit-codes.yml", "-l", "fine", "--start-at-task", "carry on"])
        #expect(output.status == 0, "\(output)")
        #expect(!output.stdout.contains("TASK [reach the host]") && output.stdout.contains("TASK [carry on]"), "\(output)")
        #expect(output.recap["fine"]?["ok"] == 1)

        let typo = try playbook(["-i", "exit-codes.ini", "exit-codes.yml", "-l", "fine", "--start-at-task", "cary on"])
        #expect(typo.status == 64, "\(typo)")
        #expect(typo.stderr.contains("no task is named 'cary on'") && typo.stderr.contains("did you mean 'carry on'?"), "\(typo)")
        #expect(typo.stdout.isEmpty, "nothing ran")
    }
}
