import Foundation
import Testing
import Values

@testable import Reporting

/// The JSON and JUnit report files: their shape (checked with reference validators against
/// schemas kept as fixtures), atomic replacement, and what happens on failure or interruption.
@Suite struct ReportFileTests {
    static let jsonschemaAvailable: Bool = {
        guard let python = ExternalTool.find("python3") else { return false }
        return (try? ExternalTool.run(python, ["-c", "import jsonschema"]).status) == 0
    }()
    static let xmllintAvailable = ExternalTool.find("xmllint") != nil

    /// Runs a script through a reporter writing into a fresh directory.
    static func write<R: Reporter>(_ script: String, _ make: (String) -> R, file: String) throws
        -> (report: String, directory: URL, reporter: R)
    {
        let directory = try ReportingFixtures.temporaryDirectory()
        let path = directory.appendingPathComponent(file).path
        let reporter = make(path)
        for event in try EventScript.load("console/\(script).events.json").events { reporter.report(event) }
        return (try String(contentsOfFile: path, encoding: .utf8), directory, reporter)
    }

    static func validateJSON(_ path: String) throws -> ExternalTool.Output {
        let program = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft7Validator(schema).validate(json.load(open(sys.argv[2])))
            """
        return try ExternalTool.run(
            ExternalTool.find("python3") ?? "/usr/bin/python3",
            ["-c", program, ReportingFixtures.path("report.schema.json"), path])
    }

    static func validateXML(_ path: String) throws -> ExternalTool.Output {
        try ExternalTool.run(
            ExternalTool.find("xmllint") ?? "/usr/bin/xmllint",
            ["--noout", "--schema", ReportingFixtures.path("junit.xsd"), path])
    }

    // MARK: JSON

    @Test(
        .enabled(
            if: jsonschemaAvailable, "needs python3 with the jsonschema package (pip install jsonschema)"),
        arguments: ["site", "loops", "live", "recap", "diffs"])
    func jsonReportMatchesItsSchema(_ script: String) throws {
        let clock = SteppingClock()
        let (text, directory, _) = try Self.write(
            script, { JSONReporter(path: $0, clock: { clock.now() }) }, file: "report.json")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Self.validateJSON(directory.appendingPathComponent("report.json").path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try JSON.parse(text)["plays"]?.listValue?.isEmpty == false)
    }

    @Test(.enabled(if: jsonschemaAvailable, "needs python3 with the jsonschema package"))
    func schemaRejectsAReportMissingItsStats() throws {
        let directory = try ReportingFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("broken.json").path
        try #"{"custom_stats": {}, "global_custom_stats": {}, "plays": []}"#.write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect(try Self.validateJSON(path).status != 0)
    }

    @Test func jsonReportHasTheCallbackShape() throws {
        let clock = SteppingClock()
        let (text, directory, _) = try Self.write(
            "site", { JSONReporter(path: $0, clock: { clock.now() }, runID: "0242ac11-0002-8f3e-2a47") },
            file: "report.json")
        defer { try? FileManager.default.removeItem(at: directory) }
        let document = try JSON.parse(text)
        let stats = try #require(document["stats"]?["h1"])
        #expect(
            stats == [
                "changed": 7, "failures": 0, "ignored": 2, "ok": 11, "rescued": 0, "skipped": 1,
                "unreachable": 0,
            ])
        let firstPlay = try #require(document["plays"]?.listValue?.first)
        #expect(firstPlay["play"]?["name"] == "First play")
        #expect(firstPlay["play"]?["id"] == "0242ac11-0002-8f3e-2a47-000000000001")
        let tasks = try #require(firstPlay["tasks"]?.listValue)
        let ignored = try #require(tasks.first { $0["task"]?["name"] == "Fail but ignore" })
        #expect(ignored["hosts"]?["h1"]?["failed"] == true)
        #expect(ignored["hosts"]?["h1"]?["action"] == "command")
        #expect(ignored["task"]?["path"] == "/tmp/ansref/site.yml:16")
        let loop = try #require(tasks.first { $0["task"]?["name"] == "Loop" })
        #expect(loop["hosts"]?["h1"]?["results"]?.listValue?.count == 2, "loop items kept beside the summary")
        let secret = try #require(tasks.first { $0["task"]?["name"] == "Secret fail" })
        #expect(secret["hosts"]?["h1"]?["censored"] == .string(ResultView.censoredMessage))
        #expect(secret["hosts"]?["h1"]?["stdout"] == nil)
        let skipped = try #require(tasks.first { $0["task"]?["name"] == "Skip me" })
        #expect(skipped["hosts"]?["h1"]?["skipped"] == true)
    }

    // MARK: JUnit

    @Test(
        .enabled(if: xmllintAvailable, "needs xmllint (Debian package libxml2-utils)"),
        arguments: ["site", "loops", "live", "recap", "diffs"])
    func junitReportMatchesTheSchema(_ script: String) throws {
        let (_, directory, _) = try Self.write(script, { JUnitReporter(path: $0) }, file: "junit.xml")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Self.validateXML(directory.appendingPathComponent("junit.xml").path)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test(.enabled(if: xmllintAvailable, "needs xmllint (Debian package libxml2-utils)"))
    func schemaRejectsATestcaseWithoutName() throws {
        let directory = try ReportingFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("broken.xml").path
        try
            "<testsuites><testsuite name=\"p\" tests=\"1\"><testcase classname=\"x\"/></testsuite></testsuites>"
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try Self.validateXML(path).status != 0)
    }

    @Test func junitCasesCarryOutcomes() throws {
        let (text, directory, _) = try Self.write("site", { JUnitReporter(path: $0) }, file: "junit.xml")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(
            text.hasPrefix(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"/tmp/ansref/site.yml\" tests=\"25\" failures=\"1\""
            ))
        #expect(
            text.contains(
                "<testsuite name=\"First play\" tests=\"24\" failures=\"0\" errors=\"0\" skipped=\"2\""))
        #expect(
            text.contains(
                "<testcase name=\"[dead1] Ping dead\" classname=\"/tmp/ansref/site.yml\" time=\"0.250\">\n      <failure message=\"Failed to connect to the host via ssh: ssh: connect to host 127.0.0.1 port 1: Connection refused\" type=\"unreachable\">"
            ))
        #expect(
            text.contains(
                "<testcase name=\"[h1] Skip me\" classname=\"/tmp/ansref/site.yml\" time=\"0.250\">\n      <skipped message=\"Conditional result was False\"/>"
            ))
        #expect(text.contains("&quot;msg&quot;") == false, "element text needs no quote escaping")
    }

    @Test func xmlTextEscapesMarkupAndDropsForbiddenCharacters() {
        #expect(XMLText.attribute("a<b>&\"c\"\nd\te") == "a&lt;b&gt;&amp;&quot;c&quot;&#10;d&#9;e")
        #expect(XMLText.content("x < y && \"z\"\n") == "x &lt; y &amp;&amp; \"z\"\n")
        #expect(XMLText.content("bell\u{07}nul\u{00}\u{FFFF}") == "bell\u{FFFD}nul\u{FFFD}\u{FFFD}")
    }

    // MARK: Writing

    @Test func reportIsWrittenAtEachPlayBoundaryAndOnDemand() throws {
        let directory = try ReportingFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("report.json").path
        let reporter = JSONReporter(path: path)
        let events = try EventScript.load("console/site.events.json").events
        let secondPlay = try #require(events.lastIndex { if case .playStarted = $0 { true } else { false } })
        for event in events[..<secondPlay] { reporter.report(event) }
        #expect(!FileManager.default.fileExists(atPath: path), "nothing written before a play ends")
        reporter.report(events[secondPlay])
        let partial = try JSON.parse(String(contentsOfFile: path, encoding: .utf8))
        #expect(partial["plays"]?.listValue?.count == 1)
        reporter.report(events[secondPlay + 1])
        // An interrupted run: no playbookFinished, the signal path asks for the report.
        try reporter.writeNow()
        let interrupted = try JSON.parse(String(contentsOfFile: path, encoding: .utf8))
        #expect(interrupted["plays"]?.listValue?.count == 2)
        #expect(interrupted["stats"]?["h1"]?["ok"] == 11, "counters tallied from results seen so far")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(leftovers == ["report.json"], "no temporary files left behind")
    }

    @Test func unwritablePathIsReportedNotFatal() throws {
        let reporter = JUnitReporter(path: "/nonexistent-directory/for-sure/junit.xml")
        reporter.report(.playbookStarted(path: "site.yml", checkMode: false))
        reporter.report(.playbookFinished(RunStats()))
        let error = try #require(reporter.lastWriteError)
        #expect(
            error.description.hasPrefix(
                "cannot write report '/nonexistent-directory/for-sure/junit.xml': open: "))
        #expect(throws: ReportWriteError.self) { try reporter.writeNow() }
    }

    /// Readers polling the file while a run writes it see complete documents only.
    @Test func concurrentWritesNeverExposeAPartialFile() throws {
        let directory = try ReportingFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("report.json").path
        let reporter = JSONReporter(path: path)
        reporter.report(.playStarted(name: "p", hostPattern: "all", hosts: []))
        try reporter.writeNow()
        let done = Atomic(false)
        let writer = Thread {
            for round in 0..<40 {
                reporter.report(.taskStarted(name: "t\(round)", path: nil, isHandler: false))
                for host in 0..<4 {
                    reporter.report(
                        .hostResult(
                            HostTaskResult(
                                host: "host\(host)", status: .changed,
                                result: [
                                    "changed": true, "stdout": .string(String(repeating: "x", count: 200)),
                                ])))
                }
                try? reporter.writeNow()
            }
            done.set(true)
        }
        writer.start()
        var reads = 0
        while !done.get() || reads == 0 {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect((try? JSON.parse(text)) != nil, "a reader saw a partial report")
            reads += 1
        }
        #expect(reads > 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report.json"])
    }
}

/// A flag shared between a test's threads.
final class Atomic<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ value: T) { self.value = value }
    func get() -> T { lock.withLock { value } }
    func set(_ newValue: T) { lock.withLock { value = newValue } }
}
