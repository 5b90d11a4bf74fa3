import Foundation
import Testing
import TestSupport
@testable import Transport

@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct LabUploadTests {
    @Test func uploadsReplaceAtomicallyWithTheRequestedMode() throws {
        let lab = try Lab.require(hosts: 50)
        let connection = try SSHConnection.connect(try lab.target("h29"))
        defer { connection.close() }
        let destination = "/root/pb-upload-test.txt"
        try connection.upload(.bytes(Array("first\n".utf8)), to: destination, mode: 0o640)
        try connection.upload(.bytes(Array("second\n".utf8)), to: destination, mode: 0o604)
        let check = try connection.run(RunRequest(program: "stat -c %a \(destination); cat \(destination); ls -a /root | grep -c '\\.tmp$' || true"))
        #expect(check.stdoutText == "604\nsecond\n0\n")
        try connection.upload(.bytes([]), to: destination, mode: 0o600)
        #expect(try connection.run(RunRequest(program: "wc -c < \(destination); rm \(destination)")).stdoutText == "0\n")
    }

    @Test func largeLocalFilesStreamInChunks() throws {
        let lab = try Lab.require(hosts: 50)
        let connection = try SSHConnection.connect(try lab.target("h29"))
        defer { connection.close() }
        let local = NSTemporaryDirectory() + "pb-large-\(UUID().uuidString)"
        let made = try Lab.runProcess("/bin/sh", ["-c", "head -c 52428800 /dev/urandom > '\(local)'"])
        #expect(made.status == 0)
        defer { try? FileManager.default.removeItem(atPath: local) }
        let start = Date()
        try connection.upload(.file(path: local), to: "/root/pb-large.bin", mode: 0o644)
        let seconds = Date().timeIntervalSince(start)
        print("upload: 50 MiB in \(String(format: "%.2f", seconds)) s")
        let expected = try Lab.runProcess("/usr/bin/sha256sum", [local]).stdout.prefix(64)
        let digest = try connection.run(RunRequest(program: "sha256sum < /root/pb-large.bin | cut -d' ' -f1; rm /root/pb-large.bin"))
        #expect(digest.stdoutText == expected + "\n")
    }

    @Test func temporaryUploadsAreForPrivilegedPrograms() throws {
        let lab = try Lab.require(hosts: 50)
        let connection = try SSHConnection.connect(try lab.target("h30", user: "deploy"))
        defer { connection.close() }
        let path = try connection.uploadTemporary(.bytes(Array("payload\n".utf8)), directory: "/tmp")
        #expect(path.hasPrefix("/tmp/.pb-upload-"))
        let move = try connection.run(
            RunRequest(
                program: "stat -c '%a %U' \(ShellQuote.quote(path)); mv \(ShellQuote.quote(path)) /etc/pb-moved; cat /etc/pb-moved; rm /etc/pb-moved",
                become: Become()))
        #expect(move.stdoutText == "600 deploy\npayload\n")
    }

    @Test func unwritableDestinationsFailClearlyAndLeaveNothing() throws {
        let lab = try Lab.require(hosts: 50)
        let connection = try SSHConnection.connect(try lab.target("h30", user: "deploy"))
        defer { connection.close() }
        #expect {
            try connection.upload(.bytes([1, 2, 3]), to: "/etc/pb-denied", mode: 0o644)
        } throws: { error in
            guard case TransportError.fileOperation(_, let path, let reason) = error else { return false }
            return path.hasPrefix("/etc/") && reason.contains("permission denied")
        }
        #expect(throws: TransportError.self) {
            try connection.upload(.bytes([1]), to: "/nonexistent-dir/file", mode: 0o644)
        }
        // The connection is still usable.
        #expect(try connection.run(RunRequest(program: "echo ok")).stdoutText == "ok\n")
    }
}
