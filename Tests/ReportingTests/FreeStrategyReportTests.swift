import Testing
import Values

@testable import Reporting

/// Under the `free` strategy results of different tasks interleave and name their task: the
/// machine-readable report and the compact console still file each result under its own task.
@Suite struct FreeStrategyReportTests {
    static let first = TaskHeading(id: "site.yml:3:7", name: "first", path: "site.yml:3", isHandler: false)
    static let second = TaskHeading(id: "site.yml:6:7", name: "second", path: "site.yml:6", isHandler: false)

    static func result(_ host: String, _ status: TaskStatus, _ task: TaskHeading) -> HostTaskResult {
        HostTaskResult(host: host, status: status, result: ["changed": .bool(status == .changed)], task: task)
    }

    static let events: [RunEvent] = [
        .playStarted(name: "free", hostPattern: "all", hosts: ["h1", "h2"]),
        .hostResult(result("h2", .changed, first)),
        .hostResult(result("h2", .ok, second)),
        .hostResult(result("h1", .changed, first)),
        .hostResult(result("h1", .failed, second)),
    ]

    @Test func theReportFilesEachResultUnderItsOwnTask() {
        var report = RunReport(runID: "run")
        for (index, event) in Self.events.enumerated() { report.apply(event, at: Double(index)) }
        let tasks = report.plays.first?.tasks ?? []
        #expect(tasks.map(\.name) == ["first", "second"])
        #expect(tasks.first?.results.map(\.host) == ["h2", "h1"])
        #expect(tasks.last?.results.map(\.status) == [.ok, .failed])
        #expect(tasks.first?.path == "site.yml:3")
    }

    @Test func theCompactConsoleNamesTheTaskOfEachLine() {
        let sink = MemorySink()
        let reporter = ConsoleReporter(output: sink, options: ConsoleOptions(style: .compact), clock: { 0 })
        for event in Self.events { reporter.report(event) }
        let lines = sink.text.split(separator: "\n").map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
        #expect(lines.map { $0.count > 2 ? "\($0[0]) \($0[2])" : "" } == ["h2 first", "h2 second", "h1 first", "h1 second"], "\(sink.text)")
    }
}
