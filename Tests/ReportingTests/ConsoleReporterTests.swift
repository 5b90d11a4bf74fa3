import Foundation
import Testing
import Values

@testable import Reporting

@Suite struct ConsoleReporterTests {
    /// Host threads report at once: every line must come out whole, none lost.
    @Test func concurrentReportsNeverInterleaveMidLine() {
        let sink = MemorySink()
        let reporter = ConsoleReporter(output: sink, options: ConsoleOptions(verbosity: 1))
        reporter.report(.playStarted(name: "p", hostPattern: "all", hosts: []))
        reporter.report(.taskStarted(name: "t", path: nil, isHandler: false))
        let threads = 8
        let perThread = 150
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for index in 0..<perThread {
                reporter.report(
                    .hostResult(
                        HostTaskResult(
                            host: "host-\(thread)", status: .changed,
                            result: [
                                "changed": true,
                                "stdout": .string("\(thread):\(index):" + String(repeating: "x", count: 300)),
                            ])))
            }
        }
        let lines = sink.text.split(separator: "\n").filter { $0.hasPrefix("changed: ") }
        #expect(lines.count == threads * perThread)
        let pattern = /^changed: \[host-(\d)\] => \{"changed": true, "stdout": "(\d):(\d+):x{300}"\}$/
        for line in lines {
            let match = try? pattern.wholeMatch(in: String(line))
            #expect(match != nil && match?.output.1 == match?.output.2, "torn line: \(line.prefix(80))")
        }
    }

    @Test func warningsGoToTheErrorStreamAndJSONStyleKeepsStdoutPure() throws {
        let out = MemorySink()
        let err = MemorySink()
        let json = ConsoleReporter(output: out, options: ConsoleOptions(style: .json))
        json.report(.warning("careful"))
        json.report(.playStarted(name: "p", hostPattern: "all", hosts: []))
        json.report(.playbookFinished(RunStats()))
        #expect(try JSON.parse(out.text)["plays"]?.listValue?.count == 1, "stdout is one JSON document")

        let console = ConsoleReporter(output: out, errorOutput: err, options: ConsoleOptions())
        out.clear()
        console.report(.warning("careful"))
        console.report(.warning("careful"))
        #expect(err.text == "[WARNING]: careful\n", "shown once, on the error stream")
        #expect(out.text.isEmpty)
    }

    /// With both streams on one terminal, a module's warning shows after its diff and before its
    /// line, as Ansible's callbacks run in that order.
    @Test func warningComesBetweenDiffAndResultLine() {
        let sink = MemorySink()
        let reporter = ConsoleReporter(output: sink, options: ConsoleOptions(showDiff: true))
        reporter.report(.taskStarted(name: "t", path: nil, isHandler: false))
        reporter.report(
            .hostResult(
                HostTaskResult(
                    host: "h1", status: .changed,
                    result: [
                        "changed": true, "warnings": ["mind the gap"],
                        "diff": ["before": "a\n", "after": "b\n"],
                    ])))
        #expect(
            sink.text.hasSuffix(
                "--- before\n+++ after\n@@ -1 +1 @@\n-a\n+b\n\n[WARNING]: mind the gap\nchanged: [h1]\n"))
    }

    /// A task's `diff:` keyword decides, as in Ansible: `diff: true` shows its diff in a run
    /// without `--diff`, and `diff: false` hides it in a run with it.
    @Test func theTasksDiffModeDecidesWhetherItsDiffIsShown() {
        for (runFlag, taskFlag, shown) in [(false, true, true), (true, false, false), (true, nil, true), (false, nil, false)] {
            for style in [ConsoleOptions.Style.default, .compact] {
                let sink = MemorySink()
                let reporter = ConsoleReporter(output: sink, options: ConsoleOptions(showDiff: runFlag, style: style))
                reporter.report(.taskStarted(name: "t", path: nil, isHandler: false))
                reporter.report(
                    .hostResult(
                        HostTaskResult(
                            host: "h1", status: .changed,
                            result: ["changed": true, "diff": ["before": "a\n", "after": "b\n"]],
                            showDiff: taskFlag)))
                #expect(sink.text.contains("+b\n") == shown, "run \(runFlag), task \(String(describing: taskFlag)), \(style)")
            }
        }
    }

    @Test func liveLineOnlyOnATerminal() {
        for tty in [true, false] {
            let sink = MemorySink()
            let reporter = ConsoleReporter(output: sink, options: ConsoleOptions(isTTY: tty))
            reporter.report(.taskStarted(name: "t", path: nil, isHandler: false))
            reporter.report(.hostsWaiting(["h1", "h2"]))
            reporter.report(.hostResult(HostTaskResult(host: "h1", status: .ok)))
            #expect(sink.text.contains("waiting on") == tty)
            #expect(sink.text.contains("\u{1B}[K") == tty)
        }
    }

    @Test func liveLineFitsTheTerminal() {
        let hosts = (1...500).map { "very-long-host-name-\($0).example.com" }
        for columns in [20, 79, 200] {
            let text = LiveStatusLine.text(hosts: hosts, elapsed: 3600, columns: columns)
            #expect(text.hasPrefix("  waiting"))
            #expect(text.count <= columns - 1, "\(columns): \(text)")
            if columns >= 79 { #expect(text.hasSuffix(" more (3600 s)")) }
        }
        #expect(
            LiveStatusLine.text(hosts: ["h3", "h7"], elapsed: 12.9, columns: 79)
                == "  waiting on: h3, h7 (12 s)")
    }

    @Test func multiReporterForwardsEverything() {
        let a = MemorySink()
        let b = MemorySink()
        let multi = MultiReporter([
            ConsoleReporter(output: a, options: ConsoleOptions()),
            ConsoleReporter(output: b, options: ConsoleOptions(style: .compact)),
        ])
        multi.addSecrets(["hunter2"])
        multi.report(.taskStarted(name: "t", path: nil, isHandler: false))
        multi.report(
            .hostResult(HostTaskResult(host: "h1", status: .failed, result: ["changed": false, "msg": "hunter2 rejected"])))
        #expect(
            a.text.contains("fatal: [h1]: FAILED! => {\"changed\": false, \"msg\": \"******** rejected\"}"))
        #expect(b.text.contains("h1 | FAILED | t | 0.0s | ******** rejected"))
    }
}

@Suite struct FileDescriptorSinkTests {
    /// A non-blocking pipe fills up long before a megabyte: every byte must still arrive, in order.
    @Test func fullNonBlockingPipeLosesNothing() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]) }
        _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        let line = String(repeating: "0123456789", count: 10) + "\n"
        let count = 10_000
        let writerFD = fds[1]
        let writer = Thread {
            let sink = FileDescriptorSink(descriptor: writerFD)
            for _ in 0..<count { sink.write(line) }
            close(writerFD)
        }
        writer.start()
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fds[0], &buffer, buffer.count)
            if n <= 0 { break }
            received.append(contentsOf: buffer[0..<n])
            usleep(50)  // a slow reader, so the writer meets a full pipe
        }
        #expect(received.count == line.utf8.count * count)
        #expect(String(decoding: received, as: UTF8.self) == String(repeating: line, count: count))
    }
}

@Suite struct RecordingReporterTests {
    @Test func recordsEventsFromManyThreadsAndFindsResults() throws {
        let recorder = RecordingReporter()
        recorder.report(.taskStarted(name: "install", path: nil, isHandler: false))
        DispatchQueue.concurrentPerform(iterations: 4) { host in
            recorder.report(
                .hostResult(HostTaskResult(host: "h\(host)", status: host == 2 ? .failed : .changed)))
        }
        var stats = RunStats()
        for result in recorder.results { stats.record(result) }
        recorder.report(.playbookFinished(stats))
        recorder.addSecrets(["pw"])
        #expect(recorder.events.count == 6)
        #expect(recorder.results.count == 4)
        #expect(recorder.result(of: "install", on: "h2")?.status == .failed)
        #expect(recorder.result(of: "install", on: "h9") == nil)
        #expect(recorder.finalStats?["h2"].failed == 1)
        #expect(recorder.secrets == ["pw"])
        #expect(recorder.events.first == .taskStarted(name: "install", path: nil, isHandler: false))
    }

    /// A debug task's own result is always shown, pretty-printed; one that failed before the
    /// action ran (its message did not render) is an ordinary one-line failure, as in Ansible.
    @Test func debugFailingBeforeItsActionIsOneLine() {
        let sink = MemorySink()
        let reporter = ConsoleReporter(output: sink, options: ConsoleOptions())
        reporter.report(.taskStarted(name: "t", path: nil, isHandler: false))
        reporter.report(
            .hostResult(HostTaskResult(host: "web1", status: .ok, result: ["msg": "hi"], action: "debug")))
        reporter.report(
            .hostResult(
                HostTaskResult(
                    host: "web1", status: .failed, result: ["failed": true, "msg": "'nope' is undefined"],
                    action: "ansible.builtin.debug")))
        #expect(sink.text.contains("ok: [web1] => {\n    \"msg\": \"hi\"\n}\n"))
        #expect(sink.text.contains("fatal: [web1]: FAILED! => {\"msg\": \"'nope' is undefined\"}\n"))
    }
}
