import Foundation
import Modules
import Testing
import TestSupport
import Transport
import Values

/// What a run leaves on a host only while it works there (uploads waiting for their program,
/// private upload directories) is named after the connection's login shell. A program of
/// another run keeps such a name while that shell lives and removes it the moment the shell has
/// gone, however fresh it is; names without an owner wait until they are a few seconds old.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct LeftoverLabTests {
    /// A copy through `sweeper` looks at its destination's folder (/root) and at its temp
    /// folder (/tmp), where leftovers are removed.
    func sweep(with sweeper: LabHost) throws {
        let result = try sweeper.run("copy", args(["content": "swept\n", "dest": "/root/pb-leftover-sweep.txt"]))
        #expect(!result.failed, "\(result.values)")
    }

    func present(_ host: LabHost, _ paths: [String]) throws -> [String] {
        try paths.filter { try host.sh("test -e \(ShellQuote.quote($0)) && echo yes || echo no") == "yes" }
    }

    @Test func temporariesOfALiveConnectionAreKeptAndOfAnEndedOneRemovedAtOnce() throws {
        let sweeper = try LabHost("h3")
        let lab = try Lab.require(hosts: 3)
        let owning = try SSHConnection.connect(try lab.target("h3"))
        guard let owner = try owning.temporaryOwner() else {
            owning.close()
            Issue.record("an SSH connection knows its login shell's process id")
            return
        }
        #expect(try sweeper.sh("cat /proc/\(owner)/comm") == "sh", "the owner is the connection's login shell")

        let upload = try owning.uploadTemporary(.bytes(Array("waiting\n".utf8)), directory: "/root")
        #expect(upload.hasPrefix("/root/.pb-upload-\(owner)-"), "\(upload)")
        let directories = ["/tmp/pb-upload-\(owner).ABCDEFGHIJ", "/tmp/pb-deb-\(owner).ABCDEFGHIJ"]
        let stranded = [upload] + directories
        for directory in directories { try sweeper.sh("mkdir -p \(directory) && echo part > \(directory)/x.deb") }

        // Old enough for the age rule, but the owner still runs: a later step of its run needs them.
        try sweeper.sh("touch -d '-30 seconds' \(stranded.joined(separator: " "))")
        try sweep(with: sweeper)
        #expect(try present(sweeper, stranded) == stranded, "a live connection's temporaries were removed")

        owning.close()
        var gone = false
        for _ in 0..<100 where !gone {
            gone = try sweeper.sh("test -d /proc/\(owner) && echo alive || echo gone") == "gone"
            if !gone { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(gone, "the login shell ended with its connection")
        // Fresh, as right after a cut connection: the owner's end is what counts.
        try sweeper.sh("touch \(stranded.joined(separator: " "))")
        try sweep(with: sweeper)
        #expect(try present(sweeper, stranded) == [], "an ended connection's temporaries were kept")
    }

    @Test func namesWithoutAnOwnerAreRemovedOnceTheyAreAFewSecondsOld() throws {
        let host = try LabHost("h3")
        let legacy = ["/root/.pb-upload-0123456789abcdef", "/tmp/pb-upload.ABCDEFGHIJ", "/tmp/pb-deb.ABCDEFGHIJ"]
        try host.sh("touch \(legacy[0]) && mkdir -p \(legacy[1]) \(legacy[2])")
        try sweep(with: host)
        #expect(try present(host, legacy) == legacy, "fresh temporaries without an owner were removed")
        try host.sh("touch -d '-10 seconds' \(legacy.joined(separator: " "))")
        try sweep(with: host)
        #expect(try present(host, legacy) == [], "old temporaries without an owner were kept")
    }
}
