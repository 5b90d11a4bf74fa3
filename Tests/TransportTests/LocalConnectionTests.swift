import Foundation
import Testing
import TestSupport
@testable import Transport

@Suite struct LocalConnectionTests {
    let connection = LocalConnection()

    @Test func reportsStatusStdoutAndStderr() throws {
        let output = try connection.run(RunRequest(program: "echo out; echo err >&2; exit 3"))
        #expect(output.termination == .exited(3))
        #expect(output.stdoutText == "out\n")
        #expect(output.stderrText == "err\n")
    }

    @Test func binaryAndLargeOutputOnBothStreamsDoNotDeadlock() throws {
        let output = try connection.run(
            RunRequest(program: "head -c 1048576 /dev/zero | tr '\\0' '\\377'; head -c 300000 /dev/zero >&2"))
        #expect(output.stdout.count == 1_048_576)
        #expect(output.stdout.allSatisfy { $0 == 0xff })
        #expect(output.stderr.count == 300_000)
    }

    @Test func commandsInTheProgramDoNotEatItsText() throws {
        let output = try connection.run(RunRequest(program: "cat\nread line; echo \"read=$?\"\necho still-here"))
        #expect(output.stdoutText == "read=1\nstill-here\n")
    }

    @Test func aSyntaxErrorRunsNothing() throws {
        let output = try connection.run(RunRequest(program: "echo should-not-run\nif then fi"))
        #expect(output.termination == .exited(2))
        #expect(output.stdout.isEmpty)
    }

    @Test func timeoutKillsTheWholeProcessGroup() throws {
        let marker = "sleep 3600.\(Int.random(in: 100_000...999_999))"
        let start = Date()
        #expect(throws: TransportError.timedOut(host: "localhost", seconds: 1)) {
            try connection.run(RunRequest(program: "sh -c '\(marker)' & wait", timeoutSeconds: 1))
        }
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed >= 1 && elapsed < 4, "took \(elapsed) s")
        Thread.sleep(forTimeInterval: 0.2)
        let survivors = try Lab.runProcess("/usr/bin/pgrep", ["-f", marker])
        #expect(survivors.stdout.isEmpty, "still running: \(survivors.stdout)")
    }

    @Test func uploadIsAtomicWithTheRequestedMode() throws {
        let directory = NSTemporaryDirectory() + "pb-local-upload-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let destination = directory + "/file.txt"
        try connection.upload(.bytes(Array("one\n".utf8)), to: destination, mode: 0o640)
        try connection.upload(.bytes(Array("two\n".utf8)), to: destination, mode: 0o600)
        #expect(try String(contentsOfFile: destination, encoding: .utf8) == "two\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: destination)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        let source = directory + "/source.bin"
        let bytes = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(FileManager.default.createFile(atPath: source, contents: Data(bytes)))
        try connection.upload(.file(path: source), to: destination, mode: 0o644)
        #expect(try Data(contentsOf: URL(fileURLWithPath: destination)) == Data(bytes))
        #expect(throws: TransportError.self) {
            try connection.upload(.file(path: directory + "/missing"), to: destination, mode: 0o644)
        }
        #expect(throws: TransportError.self) {
            try connection.upload(.bytes([1]), to: directory + "/no/such/dir/file", mode: 0o644)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func suWithoutRootFailsClearlyOrWorksAsRoot() throws {
        let request = RunRequest(program: "id -un", become: Become(method: .su, user: "root"))
        if getuid() == 0 {
            #expect(try connection.run(request).stdoutText == "root\n")
        } else {
            #expect(throws: TransportError.self) { try connection.run(request) }
        }
    }
}
