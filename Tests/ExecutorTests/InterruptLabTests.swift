import Foundation
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A CI job cancelled mid-deploy: SIGINT or SIGTERM while a large file is on its way to ten
/// hosts. The run must end with 130 after the running transfers finish, start no task after
/// the signal, write its reports, and leave every host with no destination or the whole file —
/// never part of one — and none of its temporary files.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct InterruptLabTests {
    static let names = (60...69).map { "h\($0)" }
    static let playbook = FixtureFiles.path("ci/interrupt-copy.yml")
    static let destinationDirectory = "/srv/ci-interrupt"
    static let copyTask = "Copy the large file"
    static let laterTask = "Mark that the run went past the copy"
    static let megabytes = 32

    /// Every name a run of ours gives a temporary file or directory (modules/lib.sh,
    /// modules/copy.sh, the SFTP upload): in the destination directory and the module temp dir.
    static let leftovers = """
        find /srv/ci-interrupt /tmp /var/tmp /root -xdev \\( -name '.pb-tmp.*' -o -name '.pb-upload-*' \
        -o -name '..pb-upload-*' -o -name '.playbook-upload-*' -o -name 'pb.??????????' -o -name 'pb-upload[.-]*' -o -name 'pb-deb[.-]*' \\) -print 2>/dev/null \
        || true
        """

    @Test(arguments: ["INT", "TERM"])
    func aSignalDuringALongCopyExits130WithReportsAndNoPartialOrTemporaryFiles(_ signalName: String) throws {
        let signal = signalName == "INT" ? SIGINT : SIGTERM
        let lab = try LabPlaybook(Self.names)
        for host in Self.names { try lab.sh(host, "rm -rf \(Self.destinationDirectory); { \(Self.leftovers); } | xargs -r rm -rf") }
        let source = lab.directory + "/big.bin"
        let made = try Lab.runProcess("/bin/sh", ["-c", "head -c \(Self.megabytes)M /dev/urandom > '\(source)'"])
        #expect(made.status == 0, "\(made.stderr)")
        let expected = String(try Lab.runProcess("/usr/bin/sha256sum", [source]).stdout.prefix(64))
        let json = lab.directory + "/report.json"
        let junit = lab.directory + "/report.xml"

        let child = try Self.start(
            lab, [Self.playbook, "-e", "big_file=\(source)", "--report-json", json, "--report-junit", junit])
        let inFlight = try Self.waitForTransfer(lab, host: Self.names[0], child: child)
        #expect(inFlight != nil, "the copy was seen in flight on \(Self.names[0])")
        let signalled = Date()
        #expect(child.signal(signal), "the run was still going when SIG\(signalName) was sent")
        let run = child.wait()
        let stopSeconds = Date().timeIntervalSince(signalled)
        print("SIG\(signalName) with \(inFlight ?? "nothing") in flight: exit \(run.status) \(stopSeconds) s later")

        #expect(!run.signaled && run.status == 130, "\(run)")
        #expect(run.stderr.contains("interrupted"), "\(run)")
        // No task starts after the signal. A host whose copy was done before it may have gone
        // on to the next task already (hosts run ahead where no host can see another); that
        // task ran before the signal, and the reports say so for exactly those hosts.
        // The run learns of the signal a moment after this test sends it (its signal thread has
        // to be scheduled), and a task it started just before reaches the host a round trip
        // later: its mark may be a few milliseconds past `signalled` (9 ms seen on a loaded
        // machine). The copies still in flight end 0.5-3 s after the signal, so a run that
        // started the later task after them would leave marks far past this allowance.
        let handlingAllowance = 0.25
        var wentPast: Set<String> = []
        for host in Self.names {
            let marked = try lab.sh(host, "stat -c %.9Y \(Self.destinationDirectory)/after-copy 2>/dev/null || true")
            guard let time = Double(marked) else { continue }
            wentPast.insert(host)
            #expect(
                time < signalled.timeIntervalSince1970 + handlingAllowance,
                "\(host) started the later task \(time - signalled.timeIntervalSince1970) s after the signal")
        }
        #expect(run.stdout.contains("TASK [\(Self.laterTask)]") == !wentPast.isEmpty, "\(wentPast): \(run)")

        let reported = try Self.reportedTasks(json: json)
        #expect(reported.tasks.contains(Self.copyTask), "the interrupted task is in the JSON report: \(reported)")
        #expect(Set(reported.laterHosts) == wentPast, "\(reported)")
        #expect(Set(reported.copyHosts) == Set(Self.names), "every host's copy result is in the report: \(reported)")
        let cases = try Self.junitTestCases(junit)
        #expect(cases.contains { $0.contains(Self.copyTask) }, "the interrupted task is in the JUnit report: \(cases)")
        #expect(cases.contains { $0.contains(Self.laterTask) } == !wentPast.isEmpty, "\(cases)")

        var complete = 0
        for host in Self.names {
            // The later task's mark, only where that task ran (before the signal).
            let marker = wentPast.contains(host) ? "after-copy\n" : ""
            let listing = try lab.sh(host, "ls -A \(Self.destinationDirectory) 2>/dev/null || true")
            #expect(listing == "" || listing == marker + "big.bin", "\(host) holds only the destination: \(listing)")
            if listing == marker + "big.bin" {
                complete += 1
                #expect(try lab.sh(host, "sha256sum < \(Self.destinationDirectory)/big.bin").prefix(64) == expected,
                    "\(host) has the whole file, not a part of it")
            }
            #expect(try lab.sh(host, Self.leftovers) == "", "\(host) keeps no temporary file of ours")
        }
        print("SIG\(signalName): \(complete) of \(Self.names.count) hosts have the whole file, none a part of it")

        // The job re-run finishes what the interrupted one left.
        let again = try lab.run(Self.playbook, ["-e", "big_file=\(source)"], timeout: 1800)
        #expect(again.status == 0, "\(again)")
        for host in Self.names {
            #expect(try lab.sh(host, "sha256sum < \(Self.destinationDirectory)/big.bin").prefix(64) == expected, "\(host)")
            #expect(try lab.sh(host, "ls -A \(Self.destinationDirectory)") == "after-copy\nbig.bin", "\(host)")
            #expect(try lab.sh(host, Self.leftovers) == "", "\(host)")
            try lab.sh(host, "rm -rf \(Self.destinationDirectory)")
        }
        try? FileManager.default.removeItem(atPath: source)
    }

    // MARK: Helpers

    /// The binary started against the lab's inventory, as `PlaybookProcess` runs it but
    /// without waiting, so the test can signal it.
    static func start(_ lab: LabPlaybook, _ arguments: [String]) throws -> Subprocess.Child {
        var env = ProcessInfo.processInfo.environment
        for name in env.keys where name.hasPrefix("ANSIBLE_") { env[name] = nil }
        return try Subprocess.start(
            PlaybookProcess.executable, ["-i", lab.inventory] + arguments, directory: lab.directory, environment: env,
            timeout: 1800)
    }

    /// Watches the destination directory on `host` until a temporary file of the copy shows
    /// up (the bytes are travelling); its name and size, or nil if the run ended first.
    static func waitForTransfer(_ lab: LabPlaybook, host: String, child: Subprocess.Child) throws -> String? {
        let deadline = Date().addingTimeInterval(900)
        let look = "find \(destinationDirectory) -maxdepth 1 -name '*pb-*' -size +0 -printf '%f %s bytes\\n' 2>/dev/null | head -1"
        while Date() < deadline, child.isRunning {
            let seen = try lab.sh(host, look)
            if !seen.isEmpty { return seen }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return nil
    }

    struct ReportedTasks: CustomStringConvertible {
        var tasks: [String]
        var copyHosts: [String]
        var laterHosts: [String] = []
        var description: String { "tasks \(tasks), copy results from \(copyHosts.sorted()), later \(laterHosts.sorted())" }
    }

    static func reportedTasks(json path: String) throws -> ReportedTasks {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let plays = try #require(document["plays"] as? [[String: Any]])
        var result = ReportedTasks(tasks: [], copyHosts: [])
        for task in plays.flatMap({ $0["tasks"] as? [[String: Any]] ?? [] }) {
            let name = (task["task"] as? [String: Any])?["name"] as? String ?? ""
            result.tasks.append(name)
            if name == copyTask { result.copyHosts = Array((task["hosts"] as? [String: Any] ?? [:]).keys) }
            if name == laterTask { result.laterHosts = Array((task["hosts"] as? [String: Any] ?? [:]).keys) }
        }
        return result
    }

    /// The `name` of every `testcase` in a JUnit file, which must be well-formed XML.
    static func junitTestCases(_ path: String) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let parser = XMLParser(data: data)
        let names = TestCaseNames()
        parser.delegate = names
        #expect(parser.parse(), "\(path) is well-formed XML: \(String(describing: parser.parserError))")
        return names.names
    }

    final class TestCaseNames: NSObject, XMLParserDelegate {
        var names: [String] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if elementName == "testcase" { names.append(attributes["name"] ?? "") }
        }
    }
}
