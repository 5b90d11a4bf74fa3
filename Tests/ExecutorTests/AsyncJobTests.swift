import Foundation
import Modules
import Testing
import Transport
import Values

@testable import Executor

/// The controller side of `async:` without a host: how result files are read, what the
/// launcher sends, and how `async_status` words what it found.
@Suite struct AsyncJobTests {
    @Test func aStartedRecordIsARunningJobAndAnyOtherObjectItsResult() {
        #expect(AsyncJobRecord(text: #"{"started": 1, "finished": 0, "ansible_job_id": "j1.2"}"#).isRunning)
        // Written but still empty: Ansible calls that running too.
        #expect(AsyncJobRecord(text: "").isRunning)
        let done = AsyncJobRecord(text: "noise from a login shell\n" + #"{"changed": true, "rc": 0}"# + "\n")
        guard case .finished(let values) = done.state else {
            Issue.record("\(done.state)")
            return
        }
        #expect(values["rc"] == .int(0))
        #expect(!done.timedOut)
        if case .unreadable(let text) = AsyncJobRecord(text: "{not json").state {
            #expect(text == "{not json")
        } else {
            Issue.record("an unparsable record is reported as it is")
        }
        if case .missing = AsyncJobRecord(text: #"{"pb_missing": 1}"#).state {} else {
            Issue.record("the reader's missing-file answer")
        }
    }

    @Test func theWatchdogsRecordIsATimeoutAndNotAModuleAnswer() {
        let record = AsyncJobRecord(text: #"{"failed": 1, "msg": "Timeout exceeded", "child_pid": 812}"#)
        #expect(record.timedOut)
        #expect(record.programOutput(marker: "M") == nil)
    }

    @Test func aModuleResultLineBecomesTheProgramOutputTheModuleExpects() throws {
        let line = #"{"changed":true,"failed":false,"msg":"","__pb_b64":{"stdout":"aGVsbG8K"}}"#
        let record = AsyncJobRecord(text: line + "\n")
        let output = try #require(record.programOutput(marker: "__PB_RESULT_x__"))
        let reply = try #require(ModuleReply.parse(output, marker: "__PB_RESULT_x__"))
        #expect(reply.text("stdout") == "hello")
        #expect(record.plainValues["stdout"] == .string("hello"))
        #expect(record.plainValues["__pb_b64"] == nil)
    }

    @Test func aProgramThatPrintedNoResultComesBackWithItsStatusAndStreams() throws {
        // base64 of "partial" and "boom"
        let line = #"{"failed": 1, "msg": "MODULE FAILURE", "rc": 3, "__pb_exit": 3, "__pb_b64": {"module_stdout": "cGFydGlhbA==", "module_stderr": "Ym9vbQ=="}}"#
        let record = AsyncJobRecord(text: line)
        let output = try #require(record.programOutput(marker: "M"))
        #expect(output.termination == .exited(3))
        #expect(output.stdoutText == "partial")
        #expect(output.stderrText == "boom")
        #expect(record.plainValues["module_stderr"] == .string("boom"))
        #expect(record.plainValues["__pb_exit"] == nil)
    }

    @Test func theLauncherIsPlainShAndKeepsTheProgramOffEveryCommandLine() throws {
        let program = "PB_MARKER='__PB_RESULT_abc__'\necho 's3cret canary'\n"
        let launcher = AsyncJob.launcherProgram(for: program, seconds: 30)
        #expect(AsyncJob.markerOf(program) == "__PB_RESULT_abc__")
        // The program travels in a here-document on the launcher's stdin; the runner's command
        // line carries the directory, job id, time limit, marker and umask only.
        let lines = launcher.split(separator: "\n", omittingEmptySubsequences: false)
        let heredoc = try #require(lines.firstIndex { $0.contains("<<'PB_ASYNC_PROGRAM_") })
        let delimiter = String(lines[heredoc].split(separator: "'")[1])
        let end = try #require(lines.firstIndex { $0 == delimiter })
        #expect(lines[(heredoc + 1)..<end].joined(separator: "\n") + "\n" == program)
        #expect(lines[end...].allSatisfy { !$0.contains("s3cret") })
        for shell in ["/bin/dash", "/bin/sh"] where FileManager.default.isExecutableFile(atPath: shell) {
            for text in [launcher, AsyncJob.runner] {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: shell)
                process.arguments = ["-n", "-c", text]
                try process.run()
                process.waitUntilExit()
                #expect(process.terminationStatus == 0, "\(shell) -n refused:\n\(text)")
            }
        }
    }

    @Test func asyncStatusWordsAMissingARunningAndAnErasedJobAsAnsibleDoes() {
        func found(_ values: ValueDict) -> ModuleResult {
            var base: ValueDict = ["ansible_job_id": "j5.1", "results_file": "/root/.ansible_async/j5.1"]
            for (key, value) in values { base[key] = value }
            return ModuleResult(values: base)
        }
        let missing = AsyncJobStatus.result(from: found(["found": false]), host: "h")
        #expect(missing.failed)
        #expect(missing.values["msg"] == "could not find job")
        #expect(missing.values["finished"] == .int(1) && missing.values["started"] == .int(1))
        #expect(missing.values["stdout_lines"] == .list([]))

        let running = AsyncJobStatus.result(
            from: found(["found": true, "record": #"{"started": 1, "finished": 0, "ansible_job_id": "j5.1"}"#]),
            host: "h")
        #expect(!running.failed && !running.changed)
        #expect(running.values["finished"] == .int(0))

        let erased = AsyncJobStatus.result(
            from: found(["found": true, "erased": "/root/.ansible_async/j5.1"]), host: "h")
        #expect(erased.values["erased"] == "/root/.ansible_async/j5.1")
        #expect(erased.values["started"] == .int(0) && erased.values["finished"] == .int(0))

        let done = AsyncJobStatus.result(
            from: found(["found": true, "record": #"{"changed": true, "rc": 0, "stdout": "ok"}"#]), host: "h")
        #expect(done.changed && !done.failed)
        #expect(done.values["finished"] == .int(1))
        #expect(done.values["stdout_lines"] == .list(["ok"]))
        #expect(done.values["ansible_job_id"] == "j5.1")
    }
}
