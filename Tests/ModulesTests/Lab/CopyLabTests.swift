import Foundation
import Modules
import Testing
import TestSupport
import Transport
import Values

/// copy, file, stat, command and ping on lab host h3.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct CopyLabTests {
    /// Inode, size and SHA-1 of a path on the host, read without the module machinery.
    func identity(_ host: LabHost, _ path: String) throws -> String {
        try host.sh("stat -c '%i %s %a %U' \(ShellQuote.quote(path)) && sha1sum < \(ShellQuote.quote(path))")
    }

    @Test func contentIsIdempotentCheckModeChangesNothingAndDiffsShowBoth() throws {
        let host = try LabHost("h3")
        try host.sh("rm -rf /etc/pb-copy-test && mkdir /etc/pb-copy-test")
        let dest = "/etc/pb-copy-test/app.conf"
        let arguments = args(["content": "port = 80\n", "dest": .string(dest), "mode": "0640", "owner": "root"])

        let predicted = try host.run("copy", arguments, check: true, diff: true)
        #expect(predicted.changed && !predicted.failed, "\(predicted.values)")
        #expect(try host.sh("test -e \(dest) && echo yes || echo no") == "no", "check mode wrote the file")

        let first = try host.run("copy", arguments, diff: true)
        #expect(first.changed && !first.failed, "\(first.values)")
        #expect(try host.sh("cat \(dest)") == "port = 80")
        #expect(try host.sh("stat -c %a \(dest)") == "640")
        #expect(!(try host.run("copy", arguments)).changed)

        let changed = try host.run("copy", args(["content": "port = 8080\n", "dest": .string(dest)]), diff: true)
        #expect(changed.values["diff"]?["before"] == "port = 80\n")
        #expect(changed.values["diff"]?["after"] == "port = 8080\n")
        #expect(try host.sh("stat -c %a \(dest)") == "640", "replacing keeps the mode")
        #expect(try host.sh("ls -A /etc/pb-copy-test") == "app.conf", "no temp file is left")
    }

    @Test func failingValidateLeavesTheFileByteAndInodeIdentical() throws {
        let host = try LabHost("h3")
        try host.sh("rm -rf /etc/pb-validate && mkdir /etc/pb-validate && printf 'old\\n' > /etc/pb-validate/f && chmod 0440 /etc/pb-validate/f")
        let before = try identity(host, "/etc/pb-validate/f")
        let result = try host.run(
            "copy", args(["content": "new\n", "dest": "/etc/pb-validate/f", "validate": "/bin/false %s", "backup": true]))
        #expect(result.failed && result.message == "failed to validate")
        #expect(try identity(host, "/etc/pb-validate/f") == before)
        #expect(try host.sh("ls -A /etc/pb-validate") == "f", "no temp or backup file is left")

        let backedUp = try host.run("copy", args(["content": "new\n", "dest": "/etc/pb-validate/f", "backup": true]))
        let backup = try #require(backedUp.values["backup_file"]?.stringValue)
        #expect(try host.sh("cat \(ShellQuote.quote(backup))") == "old")
        #expect(try host.sh("cat /etc/pb-validate/f") == "new")
    }

    @Test func hostileFileNamesAreTakenLiterally() throws {
        let host = try LabHost("h3")
        try host.sh("rm -rf '/tmp/pb hostile' /root/canary && mkdir '/tmp/pb hostile'")
        // Executed, either substitution would create `canary` in the program's directory (/root).
        let dest = "/tmp/pb hostile/it's $(touch canary) `touch canary`; x"
        let result = try host.run("copy", args(["content": "x", "dest": .string(dest)]))
        #expect(result.changed && !result.failed, "\(result.values)")
        #expect(try host.sh("cat \(ShellQuote.quote(dest))") == "x")
        #expect(try host.sh("test -e /root/canary && echo yes || echo no") == "no")
        let stat = try host.run("stat", args(["path": .string(dest)]))
        #expect(stat.values["stat"]?["exists"] == true)
        let file = try host.run("file", args(["path": .string(dest), "mode": "u=rw,go="]))
        let mode = try host.sh("stat -c %a \(ShellQuote.quote(dest))")
        #expect(file.changed && mode == "600")
    }

    @Test func aLargeFileTravelsBySFTPOnlyWhenItDiffers() throws {
        let host = try LabHost("h3")
        let local = FileManager.default.temporaryDirectory.appendingPathComponent("pb-large-\(UUID().uuidString)").path
        var bytes = [UInt8](repeating: 0, count: 3 << 20)
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: (i &* 2_654_435_761) >> 13) }
        FileManager.default.createFile(atPath: local, contents: Data(bytes))
        try host.sh("rm -rf /srv/pb-large && mkdir -p /srv/pb-large")
        let arguments = args(["src": .string(local), "dest": "/srv/pb-large/blob", "mode": "0600"])
        let first = try host.run("copy", arguments)
        #expect(first.changed && !first.failed, "\(first.values)")
        let expected = try #require(first.values["checksum"]?.stringValue)
        #expect(try host.sh("sha1sum < /srv/pb-large/blob | cut -c1-40") == expected)
        #expect(try host.sh("stat -c %a /srv/pb-large/blob") == "600")
        #expect(try host.sh("ls -A /srv/pb-large") == "blob")
        #expect(!(try host.run("copy", arguments)).changed)
    }

    @Test func commandShellAndPingOverTheRealConnection() throws {
        let host = try LabHost("h3")
        #expect(try host.run("ping", args([:])).values["ping"] == "pong")
        let shell = try host.run("shell", args(["_raw_params": "echo $0; hostname"]))
        #expect(shell.values["stdout_lines"] == ["/bin/sh", "h3"])
        let created = try host.run("command", args(["_raw_params": "touch /tmp/pb-created", "creates": "/tmp/pb-created"]))
        let skipped = try host.run("command", args(["_raw_params": "touch /tmp/pb-created", "creates": "/tmp/pb-created"]))
        #expect(!skipped.changed && (created.changed || !created.failed))
    }

    @Test func withBecomeSmallAndLargeFilesLandAsRootWithTheirModes() throws {
        let host = try LabHost("h3", user: "deployp")
        try host.sh("rm -rf /etc/pb-become && mkdir -m 0700 /etc/pb-become")
        let small = try host.run("copy", args(["content": "secret = 1\n", "dest": "/etc/pb-become/small", "mode": "0600"]))
        #expect(small.changed && !small.failed, "\(small.values)")
        let local = FileManager.default.temporaryDirectory.appendingPathComponent("pb-become-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: local, contents: Data(repeating: 0x61, count: 400_000))
        let large = try host.run("copy", args(["src": .string(local), "dest": "/etc/pb-become/large", "mode": "0640"]))
        #expect(large.changed && !large.failed, "\(large.values)")
        #expect(try host.sh("stat -c '%U %a %s' /etc/pb-become/small /etc/pb-become/large") == "root 600 11\nroot 640 400000")
        #expect(try host.sh("ls /tmp | grep -c pb-upload || true") == "0", "the user's upload directory is removed")
        #expect(!(try host.run("copy", args(["src": .string(local), "dest": "/etc/pb-become/large", "mode": "0640"]))).changed)
    }
}
