import Foundation
import Modules
import Testing
import TestSupport
import Transport
import Values
import YAML

/// lineinfile and blockinfile on lab host h141: check mode predicts the real run and leaves the
/// file alone, a second run changes nothing, diffs show both texts, hostile values stay data.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct TextFileLabTests {
    /// Bytes, inode and mode of a file, read out of band.
    func identity(_ host: LabHost, _ path: String) throws -> String {
        try host.sh("stat -c '%i %a %U' \(ShellQuote.quote(path)) && sha1sum < \(ShellQuote.quote(path))")
    }

    /// Check mode (with diff) first, then the real run, then the same again.
    func converge(_ host: LabHost, _ module: String, _ arguments: ValueDict, path: String) throws -> ModuleResult {
        let before = try identity(host, path)
        let predicted = try host.run(module, arguments, check: true, diff: true)
        #expect(!predicted.failed, "\(predicted.values)")
        #expect(try identity(host, path) == before, "check mode changed \(path)")
        let real = try host.run(module, arguments, diff: true)
        #expect(real.changed == predicted.changed && !real.failed, "\(real.values)")
        #expect(real.message == predicted.message)
        #expect(real.values["diff"] == predicted.values["diff"], "the check run predicted another diff")
        let again = try host.run(module, arguments, diff: true)
        #expect(!again.changed && !again.failed, "a second run changed: \(again.values)")
        return real
    }

    @Test func sshdConfigLinesAreReplacedAddedAndRemoved() throws {
        let host = try LabHost("h141")
        // Debian's pristine copy: the test must not depend on what earlier runs did to the host's.
        try host.sh("rm -rf /etc/pb-text && mkdir /etc/pb-text && cp /usr/share/openssh/sshd_config /etc/pb-text/sshd_config")
        let path = "/etc/pb-text/sshd_config"
        let replaced = try converge(
            host, "lineinfile",
            args(["path": .string(path), "regexp": "^#?PermitRootLogin", "line": "PermitRootLogin prohibit-password"]),
            path: path)
        #expect(replaced.changed && replaced.message == "line replaced")
        #expect(try host.sh("grep -c '^PermitRootLogin prohibit-password$' \(path)") == "1")
        let diff = try #require(replaced.values["diff"]?.listValue?.first)
        #expect(diff["before"]?.stringValue?.contains("#PermitRootLogin") == true)
        #expect(diff["after"]?.stringValue?.contains("\nPermitRootLogin prohibit-password\n") == true)

        let added = try converge(
            host, "lineinfile",
            args(["path": .string(path), "line": "AllowUsers deploy", "insertbefore": "^Match", "firstmatch": true]),
            path: path)
        #expect(added.changed && added.message == "line added")
        #expect(try host.sh("tail -n 1 \(path)") == "AllowUsers deploy", "no Match line: appended at EOF")

        let removed = try converge(
            host, "lineinfile", args(["path": .string(path), "regexp": "^AllowUsers", "state": "absent"]), path: path)
        #expect(removed.values["found"] == 1 && removed.message == "1 line(s) removed")
        #expect(try host.sh("sshd -t -f \(path) && echo valid") == "valid")
    }

    @Test func blocksAreInsertedReplacedAndRemovedWithValidation() throws {
        let host = try LabHost("h141")
        try host.sh("rm -f /etc/sudoers.d/pb-block && printf 'Defaults env_reset\\n' > /etc/sudoers.d/pb-block && chmod 0440 /etc/sudoers.d/pb-block")
        let path = "/etc/sudoers.d/pb-block"
        let arguments = args([
            "path": .string(path), "block": "deploy ALL=(ALL) NOPASSWD: /usr/bin/true\n", "validate": "visudo -cf %s",
            "mode": "0440", "backup": true,
        ])
        let inserted = try converge(host, "blockinfile", arguments, path: path)
        #expect(inserted.changed && inserted.message == "Block inserted")
        #expect(
            try host.sh("cat \(path)")
                == "Defaults env_reset\n# BEGIN ANSIBLE MANAGED BLOCK\ndeploy ALL=(ALL) NOPASSWD: /usr/bin/true\n# END ANSIBLE MANAGED BLOCK")
        let backup = try #require(inserted.values["backup_file"]?.stringValue)
        #expect(try host.sh("cat \(ShellQuote.quote(backup)) && rm -f \(ShellQuote.quote(backup))") == "Defaults env_reset")

        let before = try identity(host, path)
        let refused = try host.run(
            "blockinfile", args(["path": .string(path), "block": "this is not sudoers", "validate": "visudo -cf %s"]))
        #expect(refused.failed && refused.message?.hasPrefix("failed to validate: rc:1") == true, "\(refused.values)")
        #expect(try identity(host, path) == before, "a refused block left the file as it was")
        #expect(try host.sh("ls -A /etc/sudoers.d | grep -c pb-tmp || true") == "0", "no temp file is left")

        let removed = try converge(host, "blockinfile", args(["path": .string(path), "state": "absent"]), path: path)
        #expect(removed.message == "Block removed")
        #expect(try host.sh("cat \(path)") == "Defaults env_reset")
        try host.sh("rm -f \(path)")
    }

    /// Shell syntax in the path, the line, the regexp and the marker reaches the file as text;
    /// a canary that any executed value would create never appears.
    @Test func hostileValuesAreWrittenLiterally() throws {
        let host = try LabHost("h141")
        try host.sh("rm -rf '/tmp/pb text' /root/canary && mkdir '/tmp/pb text'")
        let path = "/tmp/pb text/-it's $(touch canary) `touch canary`; x"
        let line = "--x '$(touch canary)' \"`touch canary`\" ; $HOME \\1"
        let created = try host.run("lineinfile", args(["path": .string(path), "line": .string(line), "create": true]))
        #expect(created.changed && !created.failed, "\(created.values)")
        #expect(try host.sh("cat \(ShellQuote.quote(path))") == line)
        let replaced = try host.run(
            "lineinfile",
            args(["path": .string(path), "regexp": .string("^--x '\\$\\(touch"), "line": "$(touch canary) done"]))
        #expect(replaced.changed && replaced.message == "line replaced", "\(replaced.values)")
        let block = try host.run(
            "blockinfile",
            args(["path": .string(path), "block": "`touch canary`\n$(touch canary)", "marker": "# {mark} $(touch canary)"]))
        #expect(block.changed && !block.failed, "\(block.values)")
        #expect(
            try host.sh("cat \(ShellQuote.quote(path))")
                == "$(touch canary) done\n# BEGIN $(touch canary)\n`touch canary`\n$(touch canary)\n# END $(touch canary)")
        #expect(try host.sh("test -e /root/canary && echo yes || echo no") == "no")
        #expect(try host.sh("ls -A '/tmp/pb text' | wc -l") == "1", "no temp file is left")
    }

    @Test func becomeEditsARootFileAsTheLoginUser() throws {
        let host = try LabHost("h141", user: "deployp")
        try host.sh("rm -f /etc/pb-become.conf && printf 'a=1\\n' > /etc/pb-become.conf && chmod 0600 /etc/pb-become.conf")
        let result = try host.run("lineinfile", args(["path": "/etc/pb-become.conf", "regexp": "^a=", "line": "a=2"]))
        #expect(result.changed && !result.failed, "\(result.values)")
        #expect(try host.sh("stat -c '%U %a' /etc/pb-become.conf && cat /etc/pb-become.conf") == "root 600\na=2")
    }

    /// Every value of Fixtures/hostile-values.yml as a line, as a block and inside the path:
    /// each reaches the file byte for byte, and the canary any executed value would create on
    /// the host never appears.
    @Test func everyHostileValueIsALiteralLineBlockAndPath() throws {
        let host = try LabHost("h141")
        let canary = "/tmp/pb-hostile-canary"
        let root = try #require(try YAMLLoader.loadFile(FixtureFiles.path("hostile-values.yml")))
        let values = (root.sequence ?? []).compactMap(\.text).map { $0.replacingOccurrences(of: "CANARY", with: canary) }
        #expect(values.count >= 30)
        try host.sh("rm -rf /tmp/pb-hostile \(canary) && mkdir /tmp/pb-hostile")
        for (index, value) in values.enumerated() {
            let linePath = "/tmp/pb-hostile/line-\(index)"
            let line = try host.run("lineinfile", args(["path": .string(linePath), "line": .string(value), "create": true]))
            #expect(line.changed && !line.failed, "\(value.debugDescription): \(line.values)")
            #expect(try host.lab.exec(host.name, ["cat", linePath]).stdout == value + "\n", "\(value.debugDescription)")

            let blockPath = "/tmp/pb-hostile/block-\(index)"
            let block = try host.run(
                "blockinfile", args(["path": .string(blockPath), "block": .string(value), "create": true, "marker": "#{mark}"]))
            #expect(!block.failed, "\(value.debugDescription): \(block.values)")
            let expected = value.isEmpty ? "" : "#BEGIN\n" + value + (value.hasSuffix("\n") ? "" : "\n") + "#END\n"
            #expect(try host.lab.exec(host.name, ["cat", blockPath]).stdout == expected, "\(value.debugDescription)")

            let namedPath = "/tmp/pb-hostile/p-" + value
            let named = try host.run("lineinfile", args(["path": .string(namedPath), "line": "x", "create": true]))
            #expect(named.changed && !named.failed, "\(value.debugDescription): \(named.values)")
            #expect(try host.lab.exec(host.name, ["cat", namedPath]).stdout == "x\n", "\(value.debugDescription)")
        }
        #expect(try host.sh("test -e \(canary) && echo yes || echo no") == "no", "a value was executed on the host")
        #expect(try host.sh("ls -A /tmp/pb-hostile | grep -c '^\\.pb' || true") == "0", "no temp file is left")
    }
}
