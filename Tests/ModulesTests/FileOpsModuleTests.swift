import Diagnostics
import Foundation
@testable import Modules
import Testing
import Transport
import Values

/// find, slurp, tempfile and unarchive run for real on this machine in a scratch directory;
/// what each must return is what Ansible's modules return for the same tree.
struct FileOpsModuleTests {
    let scratch: String

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pb-fileops-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    func run(_ module: String, _ arguments: ValueDict, check: Bool = false) throws -> ModuleResult {
        let found = try #require(ModuleRegistry.module(named: module))
        let normalized = try found.spec.normalize(arguments, at: .synthetic("test"))
        return try found.run(normalized, context: ModuleContext(checkMode: check), on: LocalShellConnection())
    }

    func write(_ relative: String, _ text: String, mode: Int = 0o644, age: TimeInterval = 0) throws {
        let path = scratch + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: mode])
        if age > 0 { try FileManager.default.setAttributes([.modificationDate: Date() - age], ofItemAtPath: path) }
    }

    func shell(_ command: String) throws {
        let output = try LocalShellConnection.execute(["sh", "-c", command], stdin: [])
        #expect(output.succeeded, "\(command): \(output.stderrText)")
    }

    /// The paths `find` returned, relative to the scratch directory, sorted.
    func paths(_ result: ModuleResult) -> [String] {
        (result.values["files"]?.listValue ?? []).compactMap { $0["path"]?.stringValue }
            .map { String($0.dropFirst(scratch.count + 1)) }.sorted()
    }

    func tree() throws {
        try write("one.txt", "x\n")
        try write("conf.cfg", "abc\nport=80\n")
        try write("a/two.log", "hello\n", age: 3 * 86400)
        try write("a/b/three.txt", "y\n", mode: 0o600)
        try write(".h/hid.txt", "")
        try write(".dot.txt", "")
        try FileManager.default.createSymbolicLink(atPath: scratch + "/link", withDestinationPath: "a")
    }

    @Test func findFiltersAsAnsibleDoes() throws {
        try tree()
        let all = try run("find", args(["paths": .string(scratch), "patterns": "*.txt", "recurse": true]))
        #expect(!all.changed && !all.failed && all.message == "All paths examined", "\(all.values)")
        // Hidden directories are walked (only hidden names are left out); examined counts every entry.
        #expect(paths(all) == [".h/hid.txt", "a/b/three.txt", "one.txt"])
        #expect(all.values["matched"] == 3 && all.values["examined"] == 10)
        let first = try #require(all.values["files"]?.listValue?.first?.dictValue)
        for key in ["mode", "isreg", "isdir", "islnk", "uid", "gid", "pw_name", "gr_name", "size", "mtime", "inode", "xusr"] {
            #expect(first[key] != nil, "missing \(key)")
        }

        let flat = try run("find", args(["paths": .string(scratch)]))
        #expect(paths(flat) == ["conf.cfg", "one.txt"])
        let hidden = try run("find", args(["paths": .string(scratch), "hidden": true, "patterns": ".*"]))
        #expect(paths(hidden) == [".dot.txt"])
        let directories = try run("find", args(["paths": .string(scratch), "file_type": "directory", "recurse": true]))
        #expect(paths(directories) == ["a", "a/b"], "a link to a directory is not a directory entry")
        let links = try run("find", args(["paths": .string(scratch), "file_type": "link"]))
        #expect(paths(links) == ["link"])
        let excluded = try run(
            "find", args(["paths": .string(scratch), "recurse": true, "patterns": ["*.txt", "*.log"], "excludes": "three*"]))
        // Only the base name counts as hidden: .h/hid.txt is found.
        #expect(paths(excluded) == [".h/hid.txt", "a/two.log", "one.txt"])
        let old = try run("find", args(["paths": .string(scratch), "recurse": true, "age": "2d"]))
        #expect(paths(old) == ["a/two.log"])
        let large = try run("find", args(["paths": .string(scratch), "recurse": true, "size": "6"]))
        #expect(paths(large) == ["a/two.log", "conf.cfg"])
        let containing = try run("find", args(["paths": .string(scratch), "contains": "port"]))
        #expect(paths(containing) == ["conf.cfg"])
        let regex = try run(
            "find", args(["paths": .string(scratch), "recurse": true, "use_regex": true, "patterns": "t.*\\.(txt|log)$"]))
        #expect(paths(regex) == ["a/b/three.txt", "a/two.log"])
        let shallow = try run("find", args(["paths": .string(scratch), "recurse": true, "depth": 2, "patterns": "*.txt"]))
        #expect(paths(shallow) == [".h/hid.txt", "one.txt"], "a/b/three.txt is three levels down")
        let mode = try run("find", args(["paths": .string(scratch), "recurse": true, "mode": "0600"]))
        #expect(paths(mode) == ["a/b/three.txt"])
        let limited = try run("find", args(["paths": .string(scratch), "recurse": true, "limit": 1]))
        #expect(limited.values["matched"] == 1 && limited.message == "Limit of matches reached")
    }

    @Test func findReportsPathsItCouldNotSearch() throws {
        try write("file", "x")
        let result = try run("find", args(["paths": .list([.string(scratch + "/nope"), .string(scratch + "/file")])]))
        #expect(!result.failed && result.message == "Not all paths examined, check warnings for details")
        #expect(result.values["skipped_paths"]?[scratch + "/nope"] == .string("'\(scratch)/nope' is not a directory"))
        #expect(result.values["warnings"]?.listValue?.count == 2)
        let badAge = try run("find", args(["paths": .string(scratch), "age": "3x"]))
        #expect(badAge.failed && badAge.message == "failed to process age" && badAge.values["age"] == "3x")
    }

    @Test func slurpReturnsTheBytesBase64() throws {
        let bytes: [UInt8] = [0, 1, 2, 255, 10, 0x41]
        FileManager.default.createFile(atPath: scratch + "/bin", contents: Data(bytes))
        let result = try run("slurp", args(["path": .string(scratch + "/bin")]), check: true)
        #expect(!result.changed && !result.failed)
        #expect(result.values["content"] == .string(Data(bytes).base64EncodedString()))
        #expect(result.values["encoding"] == "base64" && result.values["source"] == .string(scratch + "/bin"))
        let missing = try run("slurp", args(["src": .string(scratch + "/nope")]))
        #expect(missing.failed && missing.message == "file not found: \(scratch)/nope")
        let directory = try run("slurp", args(["src": .string(scratch)]))
        #expect(directory.failed && directory.message == "source is a directory and must be a file: \(scratch)")
    }

    @Test func tempfileMakesPrivateUniqueNames() throws {
        let file = try run("tempfile", args(["path": .string(scratch), "prefix": "pb-", "suffix": ".conf"]))
        let path = try #require(file.values["path"]?.stringValue, "\(file.values)")
        #expect(file.changed && path.hasPrefix(scratch + "/pb-") && path.hasSuffix(".conf"))
        #expect(path.count == scratch.count + 1 + 3 + 8 + 5)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        // The path's attributes, as Ansible's add_path_info gives them.
        #expect(file.values["mode"] == "0600" && file.values["state"] == "file" && file.values["size"] == 0)
        #expect(file.values["owner"]?.stringValue != nil && file.values["uid"]?.intValue != nil)
        let directory = try run("tempfile", args(["path": .string(scratch), "state": "directory"]))
        let dirPath = try #require(directory.values["path"]?.stringValue)
        #expect(dirPath.hasPrefix(scratch + "/ansible."))
        #expect(directory.values["mode"] == "0700" && directory.values["state"] == "directory")
        #expect(try FileManager.default.attributesOfItem(atPath: dirPath)[.posixPermissions] as? Int == 0o700)
        let checked = try run("tempfile", args(["path": .string(scratch)]), check: true)
        #expect(checked.skipped && !checked.changed)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).count == 2)
        let missing = try run("tempfile", args(["path": .string(scratch + "/nope")]))
        #expect(missing.failed && missing.message?.hasPrefix("[Errno 2] No such file or directory") == true)
    }

    @Test func unarchiveUnpacksOnceAndChecksOnlyWhatAnsibleChecks() throws {
        try write("src/app/a.txt", "hi\n")
        try write("src/app/sub/b", "x\n")
        try shell("cd '\(scratch)' && tar -czf app.tgz -C src app && mkdir dest")
        let dest = scratch + "/dest"
        let arguments = args([
            "src": .string(scratch + "/app.tgz"), "dest": .string(dest), "remote_src": true, "list_files": true,
        ])
        // Only Ansible's zip handler runs in check mode; its tar handlers skip.
        let checked = try run("unarchive", arguments, check: true)
        #expect(checked.skipped && !checked.changed && !checked.failed, "\(checked.values)")
        #expect(checked.message == "remote module (ansible.legacy.unarchive) does not support check mode when using gtar")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dest).isEmpty, "check mode unpacked")
        let first = try run("unarchive", arguments)
        #expect(first.changed && !first.failed, "\(first.values)")
        #expect(first.values["handler"] == "TgzArchive")
        let members = (first.values["files"]?.listValue ?? []).compactMap(\.stringValue)
        #expect(Set(members) == ["app/", "app/sub/", "app/sub/b", "app/a.txt"] && members.count == 4)
        #expect(first.values["extract_results"]?["rc"] == 0)
        #expect(FileManager.default.contents(atPath: dest + "/app/a.txt") == Data("hi\n".utf8))
        let again = try run("unarchive", arguments)
        #expect(!again.changed && again.values["extract_results"] == nil, "\(again.values)")

        try write("dest/app/a.txt", "changed\n")
        #expect(try run("unarchive", arguments, check: true).skipped)
        #expect(try run("unarchive", arguments).changed)
        #expect(FileManager.default.contents(atPath: dest + "/app/a.txt") == Data("hi\n".utf8))

        let moded = try run("unarchive", args(["src": .string(scratch + "/app.tgz"), "dest": .string(dest), "remote_src": true, "mode": "u=rwX,g=rX,o="]))
        #expect(moded.changed, "new modes on the members are a change")
        #expect(try FileManager.default.attributesOfItem(atPath: dest + "/app/a.txt")[.posixPermissions] as? Int == 0o640)
        #expect(try FileManager.default.attributesOfItem(atPath: dest + "/app/sub")[.posixPermissions] as? Int == 0o750)
        #expect(!(try run("unarchive", args(["src": .string(scratch + "/app.tgz"), "dest": .string(dest), "remote_src": true, "mode": "u=rwX,g=rX,o="]))).changed)
    }

    @Test func unarchiveSendsTheControllerArchiveAndFailsAsAnsible() throws {
        try write("src/top.txt", "t\n")
        try shell("cd '\(scratch)' && tar -cf plain.tar -C src top.txt && mkdir dest && : > empty.tar")
        let sent = try run("unarchive", args(["src": .string(scratch + "/plain.tar"), "dest": .string(scratch + "/dest")]))
        #expect(sent.changed && sent.values["handler"] == "TarArchive", "\(sent.values)")
        #expect(FileManager.default.fileExists(atPath: scratch + "/dest/top.txt"))
        let skipped = try run(
            "unarchive", args(["src": "nowhere.tar", "dest": .string(scratch + "/dest"), "creates": .string(scratch + "/dest/top.txt")]))
        #expect(skipped.skipped && skipped.message == "skipped, since \(scratch)/dest/top.txt exists")
        let noDest = try run("unarchive", args(["src": .string(scratch + "/plain.tar"), "dest": .string(scratch + "/none")]))
        #expect(noDest.failed && noDest.message == "dest '\(scratch)/none' must be an existing dir")
        let noSource = try run("unarchive", args(["src": .string(scratch + "/gone.tar"), "dest": .string(scratch + "/dest"), "remote_src": true]))
        #expect(noSource.failed && noSource.message == "Source '\(scratch)/gone.tar' does not exist")
        let empty = try run("unarchive", args(["src": .string(scratch + "/empty.tar"), "dest": .string(scratch + "/dest"), "remote_src": true]))
        #expect(empty.failed && empty.message == "Invalid archive '\(scratch)/empty.tar', the file is 0 bytes")
        let notArchive = try run("unarchive", args(["src": .string(scratch + "/src/top.txt"), "dest": .string(scratch + "/dest"), "remote_src": true]))
        #expect(notArchive.failed && notArchive.message?.hasPrefix("Failed to find handler for \"\(scratch)/src/top.txt\".") == true)
    }

    @Test func theSpecsAreAnsibles() throws {
        #expect(throws: DiagnosticList.self) {
            try ModuleSpec.unarchive.normalize(args(["src": "a", "dest": "b", "include": "x", "exclude": "y"]), at: .synthetic("t"))
        }
        #expect(throws: DiagnosticList.self) {
            try ModuleSpec.unarchive.normalize(args(["src": "a", "dest": "b", "copy": false, "remote_src": true]), at: .synthetic("t"))
        }
        #expect(throws: DiagnosticList.self) { try ModuleSpec.find.normalize(args(["paths": "/", "file_type": "socket"]), at: .synthetic("t")) }
        #expect(ModuleSpec.find.argument(named: "pattern")?.name == "patterns")
        #expect(ModuleSpec.slurp.argument(named: "path")?.name == "src")
        #expect(!ModuleSpec.tempfile.supportsCheckMode)
    }
}
