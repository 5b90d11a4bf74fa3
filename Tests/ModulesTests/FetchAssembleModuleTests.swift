import Foundation
@testable import Modules
import Testing
import Transport
import Values

/// fetch and assemble run for real on this machine in a scratch directory (the "target" and
/// the "controller" are the same machine here; the lab tests use real hosts).
struct FetchAssembleModuleTests {
    let scratch: String

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pb-fetch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch + "/remote", withIntermediateDirectories: true)
    }

    func run(_ module: String, _ arguments: ValueDict, check: Bool = false) throws -> ModuleResult {
        let found = try #require(ModuleRegistry.module(named: module))
        let normalized = try found.spec.normalize(arguments, at: .synthetic("test"))
        let context = ModuleContext(checkMode: check, searchDirectories: [scratch + "/play/files", scratch + "/play"])
        return try found.run(normalized, context: context, on: LocalShellConnection())
    }

    func text(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func fetchWritesUnderTheHostNameOnceAndAgainWhenTheSourceChanges() throws {
        let source = scratch + "/remote/app.conf"
        FileManager.default.createFile(atPath: source, contents: Data("port=80\n".utf8))
        let arguments = args(["src": .string(source), "dest": "fetched"])
        let first = try run("fetch", arguments)
        let dest = scratch + "/play/fetched/localhost" + source
        #expect(first.changed && !first.failed, "\(first.values)")
        #expect(first.values["dest"] == .string(dest) && text(dest) == "port=80\n")
        #expect(first.values["checksum"] == first.values["remote_checksum"])
        #expect(first.values["md5sum"]?.stringValue?.count == 32)
        #expect(first.values["remote_md5sum"] == .null)

        let again = try run("fetch", arguments)
        #expect(!again.changed && again.values["file"] == .string(source) && again.values["remote_checksum"] == nil)
        #expect(again.values["checksum"] == first.values["checksum"] && again.values["dest"] == .string(dest))

        FileManager.default.createFile(atPath: source, contents: Data("port=8080\n".utf8))
        #expect(try run("fetch", arguments).changed)
        #expect(text(dest) == "port=8080\n")
        let skipped = try run("fetch", arguments, check: true)
        #expect(skipped.skipped && skipped.message == "check mode not (yet) supported for this module")
    }

    @Test func fetchFlatAndItsErrors() throws {
        let source = scratch + "/remote/id.pub"
        FileManager.default.createFile(atPath: source, contents: Data("key\n".utf8))
        try FileManager.default.createDirectory(atPath: scratch + "/keys", withIntermediateDirectories: true)
        let flat = try run("fetch", args(["src": .string(source), "dest": .string(scratch + "/keys/"), "flat": true]))
        #expect(flat.changed && text(scratch + "/keys/id.pub") == "key\n", "\(flat.values)")
        let intoDirectory = try run("fetch", args(["src": .string(source), "dest": .string(scratch + "/keys"), "flat": true]))
        #expect(intoDirectory.failed)
        #expect(intoDirectory.message == "dest is an existing directory, use a trailing slash if you want to fetch src into that directory")

        let missing = try run("fetch", args(["src": .string(scratch + "/remote/none"), "dest": "out"]))
        #expect(missing.failed && missing.message == "the remote file does not exist, not transferring, ignored")
        let ignored = try run("fetch", args(["src": .string(scratch + "/remote/none"), "dest": "out", "fail_on_missing": false]))
        #expect(!ignored.failed && !ignored.changed && ignored.values["file"] == .string(scratch + "/remote/none"))
        let directory = try run("fetch", args(["src": .string(scratch + "/remote"), "dest": "out"]))
        #expect(directory.failed && directory.message == "remote file is a directory, fetch cannot work on directories")
        let traversal = try run("fetch", args(["src": "../../../etc/passwd", "dest": "out"]))
        #expect(traversal.failed && traversal.message?.hasPrefix("Detected directory traversal") == true, "\(traversal.values)")
        #expect(!FileManager.default.fileExists(atPath: scratch + "/play/out"))
    }

    @Test func assembleConcatenatesFragmentsAsAnsibleDoes() throws {
        let fragments = scratch + "/remote/conf.d"
        try FileManager.default.createDirectory(atPath: fragments + "/sub", withIntermediateDirectories: true)
        for (name, body) in [("20-b", "b-frag"), ("10-a", "a-frag\n"), (".hidden", "h\n"), ("30-c.conf", "c\n")] {
            FileManager.default.createFile(atPath: fragments + "/" + name, contents: Data(body.utf8))
        }
        let dest = scratch + "/remote/app.conf"
        let arguments = args([
            "src": .string(fragments), "dest": .string(dest), "delimiter": "### \\x41", "ignore_hidden": true, "mode": "0600",
        ])
        // Ansible's assemble action does not run in check mode at all.
        let checked = try run("assemble", arguments, check: true)
        #expect(checked.skipped && !checked.changed && !FileManager.default.fileExists(atPath: dest), "\(checked.values)")
        #expect(checked.message == "This action (assemble) does not support check mode.")
        let first = try run("assemble", arguments)
        #expect(first.changed && first.message == "OK", "\(first.values)")
        // Python's escape_decode reads \x41; a fragment without a final newline gets one before the next.
        #expect(text(dest) == "a-frag\n### A\nb-frag\n### A\nc\n")
        #expect(try FileManager.default.attributesOfItem(atPath: dest)[.posixPermissions] as? Int == 0o600)
        #expect(!(try run("assemble", arguments)).changed)

        let only = try run("assemble", args(["src": .string(fragments), "dest": .string(dest), "regexp": "conf$", "backup": true]))
        #expect(only.changed && text(dest) == "c\n")
        let backup = try #require(only.values["backup_file"]?.stringValue)
        #expect(text(backup)?.hasPrefix("a-frag\n") == true)

        let refused = try run("assemble", args(["src": .string(fragments), "dest": .string(dest), "validate": "false %s"]))
        #expect(refused.failed && refused.message == "failed to validate: rc:1 error:" && text(dest) == "c\n")
        let notDirectory = try run("assemble", args(["src": .string(dest), "dest": .string(dest)]))
        #expect(notDirectory.failed && notDirectory.message == "Source (\(dest)) is not a directory")
        let badRegexp = try run("assemble", args(["src": .string(fragments), "dest": .string(dest), "regexp": "("]))
        #expect(badRegexp.failed && badRegexp.message?.hasPrefix("Invalid Regexp (") == true)
    }
}
