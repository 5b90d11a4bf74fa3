import Foundation
import Testing
import Values

@testable import Reporting

/// A canary secret placed everywhere a run can carry text must come out as `********` in every
/// console style and every report file, however it is escaped or coloured there.
@Suite struct SecretMaskingTests {
    /// A quote, a backslash, a newline and non-ASCII: JSON and XML escape each of them, so a
    /// mask applied only to the finished text would miss it.
    static let canary = "s3cr\"et\\Pa55\nwörd-CANARY"
    static let lateCanary = "late-canary-7f3e"

    /// The escaped spellings a leak could take in the outputs.
    static let spellings = [
        canary, "s3cr\\\"et\\\\Pa55\\nw\\u00f6rd-CANARY", "s3cr\\\"et\\\\Pa55\\nwörd-CANARY",
        "s3cr&quot;et", "Pa55", "CANARY", lateCanary,
    ]

    static func events() -> [RunEvent] {
        let c = canary
        return [
            .playbookStarted(path: "site.yml", checkMode: false),
            .warning("could not decrypt \(c)"),
            .playStarted(name: "Play \(c)", hostPattern: "all", hosts: ["h1"]),
            .taskStarted(name: "Set password \(c)", path: "site.yml:3", isHandler: false),
            .verbose(level: 1, host: "h1", message: "sudo password is \(c)"),
            .loopItemResult(
                HostTaskResult(
                    host: "h1", status: .changed, itemLabel: "user=\(c)",
                    result: ["changed": true, "item": .string(c), "stdout": .string("echo \(c)")],
                    action: "user")),
            .loopItemResult(
                HostTaskResult(
                    host: "h1", status: .failed, itemLabel: "user2",
                    result: ["changed": false, "msg": .string("bad \(c)")], action: "user")),
            .hostResult(
                HostTaskResult(
                    host: "h1", status: .failed, ignored: true,
                    result: [
                        "changed": true, "msg": .string("failed with \(c)"),
                        "nested": ["deep": [.string(c)], c: "as a key"],
                        "warnings": [.string("warning mentions \(c)")],
                    ], action: "user")),
            .taskStarted(name: "Template", path: "site.yml:9", isHandler: false),
            .hostResult(
                HostTaskResult(
                    host: "h1", status: .changed, delegatedTo: "localhost",
                    result: [
                        "changed": true,
                        "diff": [
                            "before": .string("password=old\n"), "after": .string("password=\(c)\nother\n"),
                        ],
                    ], action: "template")),
            .taskStarted(name: "Learnt later", path: "site.yml:12", isHandler: false),
            .hostResult(
                HostTaskResult(
                    host: "h1", status: .changed, result: ["changed": true, "stdout": .string(lateCanary)],
                    action: "command")),
            .playbookFinished(
                {
                    var s = RunStats()
                    s.record(HostTaskResult(host: "h1", status: .changed))
                    return s
                }()),
        ]
    }

    static func check(_ text: String, _ label: String) {
        for spelling in spellings {
            #expect(!text.contains(spelling), "\(label) leaks \(spelling.debugDescription)")
        }
    }

    @Test(arguments: [
        ConsoleOptions(), ConsoleOptions(showDiff: true, color: true),
        ConsoleOptions(verbosity: 3, showDiff: true),
        ConsoleOptions(showDiff: true, style: .compact), ConsoleOptions(style: .json),
        ConsoleOptions(isTTY: true),
    ])
    func consoleNeverShowsTheCanary(_ options: ConsoleOptions) {
        let sink = MemorySink()
        let errors = MemorySink()
        let reporter = ConsoleReporter(
            output: sink, errorOutput: errors, options: options, secrets: [Self.canary])
        let events = Self.events()
        for (index, event) in events.enumerated() {
            if index == events.count - 3 { reporter.addSecrets([Self.lateCanary]) }
            reporter.report(event)
            reporter.report(.hostsWaiting(["h1"]))
        }
        Self.check(sink.text, "console \(options.style) output")
        Self.check(errors.text, "console \(options.style) errors")
        #expect(sink.text.contains(SecretMasker.replacement))
    }

    @Test func reportFilesNeverContainTheCanary() throws {
        let directory = try ReportingFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let jsonPath = directory.appendingPathComponent("r.json").path
        let junitPath = directory.appendingPathComponent("r.xml").path
        // Secrets reach the file reporters through a MultiReporter, as in a real run.
        let reporter = MultiReporter([
            JSONReporter(path: jsonPath, secrets: [Self.canary]),
            JUnitReporter(path: junitPath, secrets: [Self.canary]),
        ])
        let events = Self.events()
        for (index, event) in events.enumerated() {
            if index == events.count - 3 { reporter.addSecrets([Self.lateCanary]) }
            reporter.report(event)
        }
        let json = try String(contentsOfFile: jsonPath, encoding: .utf8)
        let junit = try String(contentsOfFile: junitPath, encoding: .utf8)
        Self.check(json, "JSON report")
        Self.check(junit, "JUnit report")
        #expect(json.contains(SecretMasker.replacement) && junit.contains(SecretMasker.replacement))
        #expect((try? JSON.parse(json)) != nil, "masking kept the document valid")
    }

    @Test func maskerReplacesLongestFirstAndByBytes() {
        let masker = SecretMasker(["abc", "abcdef", "", "********", "e\u{301}"])
        #expect(masker.secrets == ["abcdef", "e\u{301}", "abc"])
        #expect(masker.mask("xabcdefx abc") == "x********x ********")
        // "é" precomposed is a different byte string: not a match; the decomposed one is.
        #expect(masker.mask("caf\u{E9}") == "caf\u{E9}")
        #expect(masker.mask("cafe\u{301}!") == "caf********!")
        // A secret followed by a combining mark still matches (grapheme-wise it would not).
        #expect(SecretMasker(["pass"]).mask("pass\u{301}word") == "********\u{301}word")
        #expect(masker.mask(Value.dict(["abc": ["abcdef", 1]])) == .dict(["********": ["********", 1]]))
        #expect(SecretMasker().mask("abc") == "abc")
    }
}

extension ConsoleOptions: CustomTestStringConvertible {
    public var testDescription: String {
        "style=\(style) v=\(verbosity) diff=\(showDiff) color=\(color) tty=\(isTTY)"
    }
}
