import Foundation
@testable import Modules
import Testing
import Transport
import Values

/// `copy` runs for real on this machine, in a scratch directory.
struct CopyModuleTests {
    let scratch: String

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pb-copy-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    func run(_ arguments: ValueDict, check: Bool = false, search: [String] = [], connection: LocalShellConnection = .init())
        throws -> ModuleResult
    {
        let module = try #require(ModuleRegistry.module(named: "ansible.builtin.copy"))
        let normalized = try module.spec.normalize(arguments, at: .synthetic("test"))
        let context = ModuleContext(checkMode: check, diff: true, searchDirectories: search)
        return try module.run(normalized, context: context, on: connection)
    }

    func inode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int) ?? -1
    }

    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test func contentIsWrittenOnceWithItsModeAndADiff() throws {
        let dest = scratch + "/it's $(touch canary) `x`.conf"
        let arguments = args(["content": "hello\n", "dest": .string(dest), "mode": "0640"])
        let predicted = try run(arguments, check: true)
        #expect(predicted.changed && !FileManager.default.fileExists(atPath: dest))
        #expect(predicted.values["diff"]?["after"] == "hello\n")

        let first = try run(arguments)
        #expect(first.changed && !first.failed, "\(first.values)")
        #expect(FileManager.default.contents(atPath: dest) == Data("hello\n".utf8))
        #expect(try mode(dest) == 0o640)
        #expect(first.values["checksum"] == "f572d396fae9206628714fb2ce00f72e94f2258f")
        #expect(first.values["dest"] == .string(dest))
        let second = try run(arguments)
        #expect(!second.changed && !second.failed)
        #expect(!FileManager.default.fileExists(atPath: scratch + "/canary"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch).filter { $0.hasPrefix(".pb") }
        #expect(leftovers.isEmpty)
    }

    /// Ansible's copy writes a list or dictionary `content` as `json.dumps` does, and numbers and
    /// booleans as Python's `str()`.
    @Test func structuredContentIsWrittenAsJSONText() throws {
        let cases: [(Value, String)] = [
            (.dict(["b": 1, "a": .list(["x", .bool(true), .null])]), #"{"b": 1, "a": ["x", true, null]}"#),
            (.list(["é", 2.5]), #"["\u00e9", 2.5]"#),
            (.int(42), "42"),
            (.bool(false), "False"),
        ]
        for (index, (content, text)) in cases.enumerated() {
            let dest = scratch + "/content-\(index)"
            let result = try run(args(["content": content, "dest": .string(dest)]))
            #expect(result.changed && !result.failed, "\(result.values)")
            #expect(FileManager.default.contents(atPath: dest) == Data(text.utf8))
        }
    }

    @Test func modeChangeAloneIsADiffOfAttributes() throws {
        let dest = scratch + "/m"
        _ = try run(args(["content": "x", "dest": .string(dest), "mode": "0644"]))
        let result = try run(args(["content": "x", "dest": .string(dest), "mode": "0600"]))
        #expect(result.changed)
        #expect(try mode(dest) == 0o600)
        #expect(result.values["diff"]?["before"]?["mode"] == "0644")
        #expect(result.values["diff"]?["after"]?["mode"] == "0600")
    }

    @Test func failingValidateLeavesDestByteAndInodeIdentical() throws {
        let dest = scratch + "/sudoers"
        FileManager.default.createFile(atPath: dest, contents: Data("old\n".utf8), attributes: [.posixPermissions: 0o440])
        let before = try inode(dest)
        let result = try run(args(["content": "new\n", "dest": .string(dest), "validate": "/bin/false %s"]))
        #expect(result.failed && result.message == "failed to validate")
        #expect(FileManager.default.contents(atPath: dest) == Data("old\n".utf8))
        #expect(try inode(dest) == before)
        #expect(try mode(dest) == 0o440)
        let passing = try run(args(["content": "new\n", "dest": .string(dest), "validate": "grep -q new %s"]))
        #expect(passing.changed && !passing.failed, "\(passing.values)")
        #expect(try mode(dest) == 0o440, "an existing file keeps its mode")
    }

    @Test func backupsKeepTheOldFileAndStayDistinct() throws {
        let dest = scratch + "/b"
        _ = try run(args(["content": "1", "dest": .string(dest)]))
        let first = try run(args(["content": "2", "dest": .string(dest), "backup": true]))
        let second = try run(args(["content": "3", "dest": .string(dest), "backup": true]))
        let firstBackup = try #require(first.values["backup_file"]?.stringValue)
        let secondBackup = try #require(second.values["backup_file"]?.stringValue)
        #expect(firstBackup != secondBackup)
        #expect(FileManager.default.contents(atPath: firstBackup) == Data("1".utf8))
        #expect(FileManager.default.contents(atPath: secondBackup) == Data("2".utf8))
        #expect(firstBackup.hasPrefix(dest + ".") && firstBackup.hasSuffix("~"))
    }

    @Test func forceFalseOnlyCreates() throws {
        let dest = scratch + "/keep"
        FileManager.default.createFile(atPath: dest, contents: Data("mine".utf8))
        let result = try run(args(["content": "theirs", "dest": .string(dest), "force": false]))
        #expect(!result.changed && !result.failed)
        #expect(FileManager.default.contents(atPath: dest) == Data("mine".utf8))
    }

    @Test func srcIsFoundInTheSearchDirectoriesAndDestDirectoryGetsTheBasename() throws {
        let files = scratch + "/files"
        try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: files + "/motd", contents: Data("welcome\n".utf8), attributes: [.posixPermissions: 0o604])
        try FileManager.default.createDirectory(atPath: scratch + "/etc", withIntermediateDirectories: true)
        let result = try run(args(["src": "motd", "dest": .string(scratch + "/etc/"), "mode": "preserve"]), search: [scratch + "/nowhere", files])
        #expect(result.changed && !result.failed, "\(result.values)")
        #expect(FileManager.default.contents(atPath: scratch + "/etc/motd") == Data("welcome\n".utf8))
        #expect(try mode(scratch + "/etc/motd") == 0o604)
        let missing = try run(args(["src": "nope", "dest": "/tmp/x"]), search: [files])
        #expect(missing.failed && missing.message?.contains("Could not find or access 'nope'") == true)
    }

    @Test func directoryTreesFollowTheTrailingSlashRule() throws {
        let tree = scratch + "/conf.d"
        try FileManager.default.createDirectory(atPath: tree + "/sub dir", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: tree + "/a.conf", contents: Data("a".utf8))
        FileManager.default.createFile(atPath: tree + "/sub dir/b.conf", contents: Data("b".utf8))
        let whole = try run(args(["src": .string(tree), "dest": .string(scratch + "/out1"), "directory_mode": "0750"]))
        #expect(whole.changed && !whole.failed, "\(whole.values)")
        #expect(FileManager.default.contents(atPath: scratch + "/out1/conf.d/sub dir/b.conf") == Data("b".utf8))
        #expect(try mode(scratch + "/out1/conf.d/sub dir") == 0o750)
        let contents = try run(args(["src": .string(tree + "/"), "dest": .string(scratch + "/out2/")]))
        #expect(contents.changed)
        #expect(FileManager.default.contents(atPath: scratch + "/out2/a.conf") == Data("a".utf8))
        #expect(!(try run(args(["src": .string(tree + "/"), "dest": .string(scratch + "/out2/")]))).changed)
    }

    @Test func largeFilesAreUploadedOnlyWhenTheyDiffer() throws {
        let source = scratch + "/big.bin"
        var bytes = [UInt8](repeating: 0, count: 600_000)
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i &* 7) }
        FileManager.default.createFile(atPath: source, contents: Data(bytes))
        let dest = scratch + "/big.copy"
        let connection = LocalShellConnection()
        let first = try run(args(["src": .string(source), "dest": .string(dest), "mode": "0600"]), connection: connection)
        #expect(first.changed && !first.failed, "\(first.values)")
        #expect(FileManager.default.contents(atPath: dest) == Data(bytes))
        #expect(try mode(dest) == 0o600)
        #expect(connection.uploads.count == 1)
        #expect(first.values["diff"]?["src_binary"] == nil && first.values["diff"]?["src_larger"] != nil)
        let again = LocalShellConnection()
        #expect(!(try run(args(["src": .string(source), "dest": .string(dest), "mode": "0600"]), connection: again)).changed)
        #expect(again.uploads.isEmpty)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch).filter { $0.hasPrefix(".pb") }
        #expect(leftovers.isEmpty)
    }

    @Test func remoteSourceAndMissingDestinationDirectory() throws {
        let source = scratch + "/remote-src"
        FileManager.default.createFile(atPath: source, contents: Data("r".utf8))
        let copied = try run(args(["src": .string(source), "remote_src": true, "dest": .string(scratch + "/r2")]))
        #expect(copied.changed && FileManager.default.contents(atPath: scratch + "/r2") == Data("r".utf8))
        let missing = try run(args(["content": "x", "dest": .string(scratch + "/no/such/file")]))
        #expect(missing.failed && missing.message?.contains("does not exist") == true)
    }

    @Test func sha1MatchesKnownVectors() {
        #expect(SHA1.hex([]) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(SHA1.hex(Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(SHA1.hex(Array(String(repeating: "a", count: 1_000_000).utf8)) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    /// A run killed mid-copy (here: while validate runs) leaves the old file in place and no
    /// temp file behind; the temp file is 0600 while it exists.
    @Test func aKilledCopyLeavesTheOldFileAndNoTempFile() throws {
        let dest = scratch + "/victim"
        let seen = scratch + "/seen-mode"
        FileManager.default.createFile(atPath: dest, contents: Data("old\n".utf8), attributes: [.posixPermissions: 0o644])
        let inodeBefore = try inode(dest)
        let module = try #require(ModuleRegistry.module(named: "copy"))
        for attempt in 0..<3 {
            let arguments = try module.spec.normalize(
                args([
                    "content": .string("new \(attempt)\n"), "dest": .string(dest), "mode": "0644",
                    "validate": .string("sh -c 'stat -c %a \"$1\" > \(seen); sleep 5' sh %s"),
                ]), at: .synthetic("test"))
            let started = Date()
            let result = try module.run(arguments, context: ModuleContext(timeoutSeconds: 1), on: LocalShellConnection())
            #expect(result.failed)
            #expect(Date().timeIntervalSince(started) < 4.5, "the program was not killed")
            #expect(FileManager.default.contents(atPath: dest) == Data("old\n".utf8))
            #expect(try inode(dest) == inodeBefore)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch).filter { $0.hasPrefix(".pb") }
            #expect(leftovers.isEmpty, "\(leftovers)")
            #expect(FileManager.default.contents(atPath: seen) == Data("600\n".utf8))
        }
    }
}
