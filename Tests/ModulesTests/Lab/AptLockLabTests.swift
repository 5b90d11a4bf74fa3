import Foundation
import Modules
import Testing
import TestSupport
import Transport
import Values

/// apt waits for the dpkg lock another process holds (as apt and dpkg take it: an fcntl lock),
/// on lab host h2.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct AptLockLabTests {
    /// Holds /var/lib/dpkg/lock-frontend on the host for `seconds`; returns once it is held.
    func holdLock(_ host: LabHost, seconds: Int) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: host.lab.labScript)
        let script =
            "import fcntl, time; f = open('/var/lib/dpkg/lock-frontend', 'w'); fcntl.lockf(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(\(seconds))"
        process.arguments = ["exec", host.name, "python3", "-c", script]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("locked") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw LabTestError("the lock holder ended before taking the lock") }
            seen.append(chunk)
        }
        return process
    }

    @Test func aHeldLockIsWaitedForThenNamedWhenItOutlastsTheTimeout() throws {
        let host = try LabHost("h2")
        try host.sh("apt-get purge -y -q pb-conf pb-hello >/dev/null 2>&1 || true")

        let holder = try holdLock(host, seconds: 10)
        let started = Date()
        let waited = try host.run("apt", args(["name": "pb-conf"]))
        let elapsed = Date().timeIntervalSince(started)
        holder.waitUntilExit()
        #expect(waited.changed && !waited.failed, "\(waited.values)")
        #expect(elapsed > 7, "apt did not wait for the lock (\(elapsed) s)")
        #expect(try host.installedVersion("pb-conf") != nil)

        let blocker = try holdLock(host, seconds: 10)
        let begun = Date()
        let refused = try host.run("apt", args(["name": "pb-hello", "lock_timeout": 2]))
        let took = Date().timeIntervalSince(begun)
        blocker.waitUntilExit()
        #expect(refused.failed)
        #expect(refused.message?.contains("/var/lib/dpkg/lock-frontend") == true, "\(refused.message ?? "")")
        #expect(refused.message?.contains("python3") == true, "the holder is named: \(refused.message ?? "")")
        #expect(took < 7, "lock_timeout 2 took \(took) s")
        #expect(try host.installedVersion("pb-hello") == nil)
    }

    /// A .deb built here on the controller is uploaded and installed once.
    @Test func aControllerDebIsUploadedAndInstalledOnce() throws {
        let host = try LabHost("h2")
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/dpkg-deb") else {
            Issue.record("dpkg-deb is needed on the controller to build the test package")
            return
        }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pb-deb-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/pkg/DEBIAN", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/pkg/usr/share/pb-local", withIntermediateDirectories: true)
        let control = "Package: pb-local\nVersion: 3.1\nArchitecture: all\nMaintainer: playbook tests <tests@example.invalid>\nDescription: built by the module tests\n"
        FileManager.default.createFile(atPath: root + "/pkg/DEBIAN/control", contents: Data(control.utf8))
        FileManager.default.createFile(atPath: root + "/pkg/usr/share/pb-local/marker", contents: Data("local\n".utf8))
        let build = try LocalShellConnection.execute(
            ["dpkg-deb", "--root-owner-group", "--build", root + "/pkg", root + "/pb-local_3.1_all.deb"], stdin: [])
        #expect(build.succeeded, "\(build.stderrText)")
        try host.sh("dpkg --purge pb-local >/dev/null 2>&1 || true")

        let installed = try host.run("apt", args(["deb": .string(root + "/pb-local_3.1_all.deb")]))
        #expect(installed.changed && !installed.failed, "\(installed.values)")
        #expect(try host.installedVersion("pb-local") == "3.1")
        #expect(try host.sh("cat /usr/share/pb-local/marker") == "local")
        let again = try host.run("apt", args(["deb": .string(root + "/pb-local_3.1_all.deb")]))
        #expect(!again.changed && !again.failed)
        #expect(try host.sh("ls /tmp | grep -c pb-deb || true") == "0", "the uploaded package is removed")
        try host.sh("dpkg --purge pb-local >/dev/null 2>&1 || true")
    }
}
