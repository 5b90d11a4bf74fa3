import Foundation
import Modules
import Testing
import Transport
import Values

/// `file`, `stat` and `ping` programs run for real on this machine, in a scratch directory.
struct FileModuleTests {
    let scratch: String

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pb-file-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    func run(_ name: String, _ arguments: ValueDict, check: Bool = false, diff: Bool = true) throws -> ModuleResult {
        let module = try #require(ModuleRegistry.module(named: name))
        let normalized = try module.spec.normalize(arguments, at: .synthetic("test"))
        return try module.run(normalized, context: ModuleContext(checkMode: check, diff: diff), on: LocalShellConnection())
    }

    func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int) ?? -1
    }

    @Test func pingAnswersPongAndCrashFails() throws {
        #expect(try run("ping", args([:])).values["ping"] == "pong")
        let crash = try run("ansible.builtin.ping", args(["data": "crash"]))
        #expect(crash.failed)
    }

    @Test func directoryIsCreatedOnceWithItsModeAndCheckModeChangesNothing() throws {
        let path = scratch + "/a b/$(touch x)/c"
        let predicted = try run("file", args(["path": .string(path), "state": "directory", "mode": "0750"]), check: true)
        #expect(predicted.changed && !predicted.failed)
        #expect(!FileManager.default.fileExists(atPath: scratch + "/a b"))

        let first = try run("file", args(["path": .string(path), "state": "directory", "mode": "0750"]))
        #expect(first.changed && !first.failed, "\(first.values)")
        #expect(try mode(path) == 0o750)
        #expect(try mode(scratch + "/a b") == 0o750)
        #expect(first.values["diff"]?["after"]?["state"] == "directory")
        let second = try run("file", args(["path": .string(path), "state": "directory", "mode": "0750"]))
        #expect(!second.changed && !second.failed)
    }

    @Test func symbolicModesFollowChmod() throws {
        let path = scratch + "/f"
        FileManager.default.createFile(atPath: path, contents: Data("x".utf8), attributes: [.posixPermissions: 0o600])
        let result = try run("file", args(["path": .string(path), "mode": "g+r,o=g,u+x"]))
        #expect(result.changed)
        #expect(try mode(path) == 0o744)
        #expect(result.values["diff"]?["before"]?["mode"] == "0600")
        #expect(result.values["diff"]?["after"]?["mode"] == "0744")
        #expect(!(try run("file", args(["path": .string(path), "mode": "g+r,o=g,u+x"]))).changed)
    }

    @Test func recursiveModeReachesEveryEntryWithOddNames() throws {
        let dir = scratch + "/tree"
        let odd = dir + "/new\nline dir"
        try FileManager.default.createDirectory(atPath: odd, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: odd + "/.hidden", contents: Data(), attributes: [.posixPermissions: 0o600])
        let arguments = args(["path": .string(dir), "state": "directory", "recurse": true, "mode": "u=rwX,g=rX,o="])
        #expect(try run("file", arguments).changed)
        #expect(try mode(odd + "/.hidden") == 0o640)
        #expect(try mode(odd) == 0o750)
        #expect(!(try run("file", arguments)).changed)
    }

    @Test func linksAbsentAndTouch() throws {
        let target = scratch + "/target"
        let link = scratch + "/link"
        FileManager.default.createFile(atPath: target, contents: Data("t".utf8))
        #expect(try run("file", args(["path": .string(link), "src": .string(target), "state": "link"])).changed)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(!(try run("file", args(["path": .string(link), "src": .string(target), "state": "link"]))).changed)
        let refused = try run("file", args(["path": .string(target), "src": "/etc/hostname", "state": "link"]))
        #expect(refused.failed && refused.message?.contains("refusing") == true)

        let touched = scratch + "/touched"
        #expect(try run("file", args(["path": .string(touched), "state": "touch", "mode": "0600"])).changed)
        #expect(try mode(touched) == 0o600)
        #expect(try run("file", args(["path": .string(touched), "state": "absent"])).changed)
        #expect(!FileManager.default.fileExists(atPath: touched))
        #expect(!(try run("file", args(["path": .string(touched), "state": "absent"]))).changed)
        let missing = try run("file", args(["path": .string(touched)]))
        #expect(missing.failed && missing.message?.contains("is absent, cannot continue") == true)
    }

    @Test func statReportsLikeAnsible() throws {
        let path = scratch + "/it's here"
        FileManager.default.createFile(atPath: path, contents: Data("hello\n".utf8), attributes: [.posixPermissions: 0o640])
        let result = try run("stat", args(["path": .string(path)]))
        let stat = try #require(result.values["stat"])
        #expect(stat["exists"] == true)
        #expect(stat["isreg"] == true && stat["isdir"] == false)
        #expect(stat["mode"] == "0640")
        #expect(stat["size"] == 6)
        #expect(stat["rgrp"] == true && stat["roth"] == false)
        #expect(stat["checksum"] == "f572d396fae9206628714fb2ce00f72e94f2258f")
        #expect(stat["path"] == .string(path))
        #expect(!result.changed)
        let absent = try run("stat", args(["path": .string(scratch + "/nope")]))
        #expect(absent.values["stat"]?["exists"] == false)
    }

    @Test func setupGathersFactsAndFilters() throws {
        let all = try run("setup", args([:]))
        let facts = try #require(all.values["ansible_facts"]?.dictValue)
        #expect(facts["ansible_os_family"] != nil && facts["ansible_architecture"] != nil)
        #expect(facts["ansible_memtotal_mb"]?.intValue ?? 0 > 0)
        let filtered = try run("setup", args(["filter": ["distribution*"]]), check: true)
        let kept = try #require(filtered.values["ansible_facts"]?.dictValue)
        #expect(!kept.isEmpty && kept.keys.allSatisfy { $0.hasPrefix("ansible_distribution") })
    }
}
