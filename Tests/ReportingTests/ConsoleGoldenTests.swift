import Foundation
import TestSupport
import Testing
import Values

@testable import Reporting

/// Scripted runs against the exact console text expected for them. Each
/// `Fixtures/console/<run>.<variant>.golden` is the output of `<run>.events.json` under the
/// options `variant` names; the `site` and `loops` goldens are what ansible-core 2.18 printed
/// for the same runs (see each script's description).
@Suite struct ConsoleGoldenTests {
    static let variants: [String: ConsoleOptions] = [
        "default": ConsoleOptions(),
        "color": ConsoleOptions(color: true),
        "diff": ConsoleOptions(showDiff: true),
        "diff-color": ConsoleOptions(showDiff: true, color: true),
        "v": ConsoleOptions(verbosity: 1),
        "vv": ConsoleOptions(verbosity: 2),
        "vvv": ConsoleOptions(verbosity: 3),
        "hidden": ConsoleOptions(showSkipped: false, showOk: false),
        "compact": ConsoleOptions(style: .compact),
        "compact-color": ConsoleOptions(showDiff: true, color: true, style: .compact),
        "json": ConsoleOptions(style: .json),
        "tty": ConsoleOptions(isTTY: true),
        "check": ConsoleOptions(checkMode: true, checkModeMarkers: true),
        "narrow": ConsoleOptions(columns: 40),
    ]

    static func goldenFiles() -> [String] {
        let directory = ReportingFixtures.path("console")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".golden") }.sorted()
    }

    /// The console text for one script under one variant, warnings interleaved as a terminal
    /// would show them.
    static func render(_ script: EventScript, _ options: ConsoleOptions) -> String {
        let sink = MemorySink()
        let clock = SteppingClock()
        let reporter = ConsoleReporter(
            output: sink, options: options, secrets: script.secrets, clock: { clock.now() },
            runID: "0242ac11-0002-8f3e-2a47")
        for event in script.events { reporter.report(event) }
        return sink.text
    }

    @Test(arguments: goldenFiles())
    func matchesGolden(_ file: String) throws {
        let parts = file.split(separator: ".")
        try #require(parts.count == 3, "golden files are named <run>.<variant>.golden")
        let options = try #require(Self.variants[String(parts[1])], "unknown variant in \(file)")
        let script = try EventScript.load("console/\(parts[0]).events.json")
        let actual = Self.render(script, options)
        let goldenPath = ReportingFixtures.path("console/\(file)")
        if ProcessInfo.processInfo.environment["REPORTING_UPDATE_GOLDENS"] == "1" {
            try actual.write(toFile: goldenPath, atomically: true, encoding: .utf8)
        }
        let expected = try ReportingFixtures.text("console/\(file)")
        #expect(actual == expected, "\(file) differs:\n\(TextDifference.firstLine(expected: expected, actual: actual))")
        for secret in script.secrets {
            #expect(!actual.contains(secret), "\(file) leaks a secret")
        }
    }

    @Test func everyScriptHasGoldens() {
        #expect(Self.goldenFiles().count >= 12)
    }
}
