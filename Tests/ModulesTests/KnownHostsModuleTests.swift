import Foundation
@testable import Modules
import Testing
import Transport
import Values

/// known_hosts runs for real on this machine in a scratch directory; where this machine has
/// ssh-keygen, the files it writes are read back with it, so hashed names are checked against
/// OpenSSH's own HMAC rather than against this module's.
struct KnownHostsModuleTests {
    static let edKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKNcXX4pcctXlnYsHPd1Smkq4mxpuT9QZsRqEk2nK2TM"
    static let otherEdKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPjvt8faK4O0yEq0QIReoMW2NlwqHKjXts1/WyRyqGCG"
    static let ecdsaKey =
        "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBM1xZDN06HGajKoExzS8FadE0VVCELim/2eOd93CwLTHv/ANtoa4BQAxdpmBgcCAgZYGFI4vlCrIraeXexwxsxQ="

    let scratch: String
    var path: String { scratch + "/known_hosts" }

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pb-kh-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    func run(_ arguments: ValueDict, check: Bool = false, diff: Bool = false) throws -> ModuleResult {
        let module = try #require(ModuleRegistry.module(named: "ansible.builtin.known_hosts"))
        let normalized = try module.spec.normalize(arguments, at: .synthetic("test"))
        return try module.run(normalized, context: ModuleContext(checkMode: check, diff: diff), on: LocalShellConnection())
    }

    func text() -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    func line(_ name: String, _ key: String) -> Value { .string("\(name) \(key)") }

    @Test func specTakesHostAsAliasAndRefusesAnUnknownState() throws {
        let spec = ModuleSpec.knownHosts
        let normalized = try spec.normalize(args(["host": "a.example.com", "key": "a.example.com x y"]), at: .synthetic("t"))
        #expect(normalized["name"] == "a.example.com" && normalized["path"] == "~/.ssh/known_hosts")
        #expect(normalized["state"] == "present" && normalized["hash_host"] == false)
        #expect(throws: (any Error).self) {
            try spec.normalize(args(["name": "a", "state": "gone"]), at: .synthetic("t"))
        }
        #expect(throws: (any Error).self) { try spec.normalize(args(["key": "a x y"]), at: .synthetic("t")) }
    }

    @Test func addsOnceReplacesTheKeyOfTheSameTypeAndShowsAnsiblesDiff() throws {
        let add = args(["name": "Web.Example.com", "key": line("web.example.com", Self.edKey), "path": .string(path)])
        let predicted = try run(add, check: true, diff: true)
        #expect(predicted.changed && !predicted.failed, "\(predicted.values)")
        #expect(predicted.values["name"] == nil, "Ansible's check mode answers with changed and diff only")
        #expect(text() == nil, "check mode wrote the file")

        let added = try run(add, diff: true)
        #expect(added.changed && !added.failed && added.message == nil, "\(added.values)")
        #expect(text() == "web.example.com \(Self.edKey)\n")
        #expect(added.values["state"] == "file" && added.values["name"] == "Web.Example.com")
        #expect(added.values["path"] == .string(path) && added.values["size"] == .int(text()?.utf8.count ?? 0))
        let diff = try #require(added.values["diff"]?.dictValue)
        #expect(diff["before_header"] == "/dev/null" && diff["after_header"] == .string(path))
        #expect(diff["before"] == "" && diff["after"] == .string("web.example.com \(Self.edKey)\n"))
        #expect(predicted.values["diff"] == added.values["diff"], "check mode predicts the same diff")

        #expect(!(try run(add)).changed)
        let ecdsa = try run(args(["name": "web.example.com", "key": line("web.example.com", Self.ecdsaKey), "path": .string(path)]))
        #expect(ecdsa.changed)
        let replaced = try run(
            args(["name": "web.example.com", "key": line("web.example.com", Self.otherEdKey), "path": .string(path)]))
        #expect(replaced.changed)
        #expect(text() == "web.example.com \(Self.ecdsaKey)\nweb.example.com \(Self.otherEdKey)\n")
    }

    @Test func hashedNamesAreOnesSshKeygenFindsAndStayUnchanged() throws {
        let hashed = args([
            "name": "db.example.com", "key": line("db.example.com", Self.edKey), "path": .string(path), "hash_host": true,
        ])
        #expect(try run(hashed).changed)
        let written = try #require(text())
        #expect(written.hasPrefix("|1|") && written.hasSuffix(" \(Self.edKey)\n") && !written.contains("db.example.com"))
        let fields = written.split(separator: " ")[0].split(separator: "|", omittingEmptySubsequences: false)
        #expect(fields.count == 4 && Data(base64Encoded: String(fields[2]))?.count == 20)
        #expect(Data(base64Encoded: String(fields[3]))?.count == 20)
        #expect(!(try run(hashed)).changed, "a hashed line is the same key whatever its salt")
        let plainAgain = try run(args(["name": "db.example.com", "key": line("db.example.com", Self.edKey), "path": .string(path)]))
        #expect(plainAgain.changed, "Ansible replaces a hashed line by a plain one")
        #expect(try run(hashed).changed)
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen") {
            let found = try LocalShellConnection.execute(["ssh-keygen", "-F", "db.example.com", "-f", path], stdin: [])
            #expect(found.succeeded && found.stdoutText.contains(Self.edKey), "ssh-keygen reads our HMAC: \(found.stdoutText)")
            let other = try LocalShellConnection.execute(["ssh-keygen", "-F", "dc.example.com", "-f", path], stdin: [])
            #expect(!other.stdoutText.contains(Self.edKey))
        }
    }

    @Test func patternsNegationAndPortsNameHostsAsSshMatchesThem() throws {
        let file = "*.example.com,!bad.example.com \(Self.edKey)\n[web.example.com]:2222 \(Self.ecdsaKey)\n"
        FileManager.default.createFile(atPath: path, contents: Data(file.utf8))
        let wildcard = try run(args(["name": "good.example.com", "key": line("*.example.com,!bad.example.com", Self.edKey), "path": .string(path)]))
        #expect(!wildcard.changed && !wildcard.failed, "\(wildcard.values)")
        let negated = try run(args(["name": "bad.example.com", "key": line("bad.example.com", Self.edKey), "path": .string(path)]))
        #expect(negated.changed && text()?.hasSuffix("bad.example.com \(Self.edKey)\n") == true)
        let port = args(["name": "[web.example.com]:2222", "key": line("[web.example.com]:2222", Self.ecdsaKey), "path": .string(path)])
        #expect(!(try run(port)).changed)
    }

    @Test func absentRemovesOneKeyOrEveryLineNamingTheHost() throws {
        let file = """
            @cert-authority web.example.com \(Self.ecdsaKey)
            web.example.com \(Self.edKey)
            # a comment
            web.example.com,10.0.0.5 \(Self.ecdsaKey)
            other.example.com \(Self.edKey)

            """
        FileManager.default.createFile(atPath: path, contents: Data(file.utf8))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let oneKey = args(["name": "web.example.com", "key": line("web.example.com", Self.edKey), "path": .string(path), "state": "absent"])
        let removed = try run(oneKey, diff: true)
        #expect(removed.changed && !(text()?.contains("web.example.com \(Self.edKey)") ?? true), "\(removed.values)")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600, "mode kept")
        #expect(!(try run(oneKey)).changed)

        let everyLine = args(["name": "web.example.com", "path": .string(path), "state": "absent"])
        let beforeAll = try #require(FileManager.default.contents(atPath: path))
        let predicted = try run(everyLine, check: true)
        #expect(predicted.changed && text()?.contains("10.0.0.5") == true)
        let all = try run(everyLine)
        #expect(all.changed && all.values["key"] == .null, "\(all.values)")
        #expect(text() == "@cert-authority web.example.com \(Self.ecdsaKey)\n# a comment\nother.example.com \(Self.edKey)\n")
        #expect(FileManager.default.contents(atPath: path + ".old") == beforeAll, "ssh-keygen -R keeps PATH.old")
        // The @cert-authority line still names the host and is never removed, so Ansible reports
        // a change on every run; without it the host is gone for good.
        #expect(try run(everyLine).changed)
        FileManager.default.createFile(atPath: path, contents: Data("other.example.com \(Self.edKey)\n".utf8))
        #expect(!(try run(everyLine)).changed)
        #expect(!(try run(args(["name": "web.example.com", "path": .string(scratch + "/none"), "state": "absent"]))).changed)
    }

    @Test func refusesWhatAnsibleRefusesWithItsMessages() throws {
        let mismatch = try run(args(["name": "db.example.com", "key": line("web.example.com", Self.edKey), "path": .string(path)]))
        #expect(mismatch.failed && mismatch.message == "Host parameter does not match hashed host field in supplied key")
        let list = try run(args(["name": "a.example.com, b.example.com", "key": line("a.example.com", Self.edKey), "path": .string(path)]))
        #expect(
            list.failed
                && list.message
                    == "Comma separated list of names is not supported. Please pass a single name to lookup in the known_hosts file.")
        let noKey = try run(args(["name": "a.example.com", "path": .string(path)]))
        #expect(noKey.failed && noKey.message == "No key specified when adding a host")
        let noDirectory = try run(args(["name": "a.example.com", "key": line("a.example.com", Self.edKey), "path": .string(scratch + "/no/known_hosts")]))
        #expect(noDirectory.failed && noDirectory.message?.hasPrefix("Failed to write to file \(scratch)/no/known_hosts") == true)
        #expect(text() == nil, "nothing is written by a refused task")
    }
}
