import Foundation
import Modules
import Testing
import TestSupport
import Transport
import Values

/// replace (and the other everyday file modules) on lab hosts h86–h89: check mode predicts the
/// real run and leaves the host alone, a second run changes nothing, failures are Ansible's.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct FileOpsLabTests {
    /// Bytes, inode and mode of a file, read out of band.
    func identity(_ host: LabHost, _ path: String) throws -> String {
        try host.sh("stat -c '%i %a %U' \(ShellQuote.quote(path)) && sha1sum < \(ShellQuote.quote(path))")
    }

    @Test func replaceEditsSshdConfigIdempotentlyWithBackupAndValidate() throws {
        let host = try LabHost("h86")
        try host.sh("rm -rf /etc/pb-replace && mkdir /etc/pb-replace && cp /etc/ssh/sshd_config /etc/pb-replace/sshd_config")
        let path = "/etc/pb-replace/sshd_config"
        let arguments = args([
            "path": .string(path), "regexp": "^#?(PasswordAuthentication|PermitEmptyPasswords)\\s+.*$",
            "replace": "\\1 no", "validate": "/usr/sbin/sshd -t -f %s", "backup": true, "mode": "0600",
        ])
        let before = try identity(host, path)
        let predicted = try host.run("replace", arguments, check: true, diff: true)
        #expect(predicted.changed && !predicted.failed, "\(predicted.values)")
        #expect(try identity(host, path) == before, "check mode changed the file")

        let real = try host.run("replace", arguments, diff: true)
        #expect(real.changed && !real.failed, "\(real.values)")
        #expect(real.message == predicted.message)
        #expect(real.message?.hasSuffix("replacements made and ownership, perms or SE linux context changed") == true)
        #expect(real.values["diff"] == predicted.values["diff"])
        #expect(try host.sh("grep -cE '^(PasswordAuthentication|PermitEmptyPasswords) no$' \(path)") == "2")
        #expect(try host.sh("stat -c %a \(path)") == "600")
        let backup = try #require(real.values["backup_file"]?.stringValue)
        #expect(try host.sh("cmp /etc/ssh/sshd_config \(ShellQuote.quote(backup)) && echo same") == "same")

        let again = try host.run("replace", arguments, diff: true)
        #expect(!again.changed && !again.failed && again.values["diff"] == nil, "\(again.values)")

        let unchanged = try identity(host, path)
        let refused = try host.run(
            "replace", args(["path": .string(path), "regexp": "^Subsystem.*$", "replace": "Bogus yes", "validate": "/usr/sbin/sshd -t -f %s"]))
        #expect(refused.failed && refused.message?.hasPrefix("failed to validate: rc:255") == true, "\(refused.values)")
        #expect(try identity(host, path) == unchanged, "a refused text must not replace the file")

        let missing = try host.run("replace", args(["path": "/etc/pb-replace/none", "regexp": "x"]))
        #expect(missing.failed && missing.message == "Path /etc/pb-replace/none does not exist !")
        #expect(try host.sh("ls -A /etc/pb-replace | grep -c pb-tmp || true") == "0", "no temp file is left")
    }

    @Test func replaceThroughSudoKeepsOwnerAndEditsOnlyTheSection() throws {
        let host = try LabHost("h87", user: "deployp")
        try host.sh(
            "rm -rf /srv/pb-replace && mkdir -p /srv/pb-replace && printf '[a]\\nport=1\\n[b]\\nport=2\\n[c]\\nport=3\\n' > /srv/pb-replace/app.ini && chown deploy /srv/pb-replace/app.ini")
        let path = "/srv/pb-replace/app.ini"
        let arguments = args(["path": .string(path), "regexp": "^port=\\d+", "replace": "port=80", "after": "\\[b\\]", "before": "\\[c\\]"])
        let result = try host.run("replace", arguments)
        #expect(result.changed && result.message == "1 replacements made", "\(result.values)")
        #expect(try host.sh("cat \(path)") == "[a]\nport=1\n[b]\nport=80\n[c]\nport=3")
        #expect(try host.sh("stat -c %U \(path)") == "deploy")
        #expect(!(try host.run("replace", arguments)).changed)
    }

    @Test func unarchiveSendsAnArchiveOnceAndOwnsItsMembers() throws {
        let host = try LabHost("h88", user: "deployp")
        let local = FileManager.default.temporaryDirectory.appendingPathComponent("pb-unarchive-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: local + "/site/static", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: local + "/site/index.html", contents: Data("<h1>hi</h1>\n".utf8))
        FileManager.default.createFile(atPath: local + "/site/static/app.js", contents: Data("x()\n".utf8))
        FileManager.default.createFile(atPath: local + "/site/notes.tmp", contents: Data("scratch\n".utf8))
        let tar = try LocalShellConnection.execute(["tar", "-czf", local + "/site.tar.gz", "-C", local, "site"], stdin: [])
        #expect(tar.succeeded, "\(tar.stderrText)")
        try host.sh("rm -rf /srv/pb-unarchive && mkdir -p /srv/pb-unarchive")
        let arguments = args([
            "src": .string(local + "/site.tar.gz"), "dest": "/srv/pb-unarchive", "owner": "deploy", "group": "deploy",
            "exclude": "*.tmp",
        ])
        // Ansible's tar handlers skip check mode (after the upload: Ansible's action sends it first).
        let checked = try host.run("unarchive", arguments, check: true)
        #expect(checked.skipped && !checked.changed && !checked.failed, "\(checked.values)")
        #expect(checked.message == "remote module (ansible.legacy.unarchive) does not support check mode when using gtar")
        #expect(try host.sh("ls -A /srv/pb-unarchive") == "", "check mode unpacked")

        let real = try host.run("unarchive", arguments)
        #expect(real.changed && !real.failed && real.values["handler"] == "TgzArchive", "\(real.values)")
        #expect(try host.sh("cat /srv/pb-unarchive/site/index.html") == "<h1>hi</h1>")
        #expect(try host.sh("test -e /srv/pb-unarchive/site/notes.tmp && echo yes || echo no") == "no")
        #expect(try host.sh("stat -c %U:%G /srv/pb-unarchive/site /srv/pb-unarchive/site/static/app.js") == "deploy:deploy\ndeploy:deploy")
        #expect(try host.sh("ls -A /tmp | grep -c playbook-upload || true") == "0", "the upload is removed")

        let again = try host.run("unarchive", arguments)
        #expect(!again.changed && !again.failed, "a second run changed: \(again.values)")
        try host.sh("echo tampered > /srv/pb-unarchive/site/static/app.js")
        #expect(try host.run("unarchive", arguments).changed)
        #expect(try host.sh("cat /srv/pb-unarchive/site/static/app.js") == "x()")

        let skipped = try host.run("unarchive", args(["src": "missing.tgz", "dest": "/srv/pb-unarchive", "creates": "/srv/pb-unarchive/site"]))
        #expect(skipped.skipped && skipped.message == "skipped, since /srv/pb-unarchive/site exists")
        let noDest = try host.run("unarchive", args(["src": .string(local + "/site.tar.gz"), "dest": "/srv/none"]))
        #expect(noDest.failed && noDest.message == "dest '/srv/none' must be an existing dir")
        try host.sh("cd /srv && python3 -c \"import zipfile; z=zipfile.ZipFile('/srv/pb.zip','w'); z.writestr('a.txt','a'); z.close()\"")
        let zip = try host.run("unarchive", args(["src": "/srv/pb.zip", "dest": "/srv/pb-unarchive", "remote_src": true]))
        if try host.sh("command -v unzip || true").isEmpty {
            #expect(zip.failed && zip.message?.contains("Unable to find required 'unzip' or 'zipinfo' binary in the path.") == true, "\(zip.values)")
        } else {
            #expect(zip.changed && zip.values["handler"] == "ZipArchive", "\(zip.values)")
        }
        try? FileManager.default.removeItem(atPath: local)
    }

    @Test func findSlurpAndTempfileReadTheHost() throws {
        let host = try LabHost("h89")
        let keys = try host.run("find", args(["paths": "/etc/ssh", "patterns": "*_config"]))
        #expect(!keys.changed && !keys.failed, "\(keys.values)")
        let expected = try host.sh("find /etc/ssh -maxdepth 1 -type f -name '*_config' | wc -l")
        #expect(keys.values["matched"] == .int(Int(expected) ?? -1))
        #expect(keys.values["examined"] == .int(Int(try host.sh("ls -A /etc/ssh | wc -l")) ?? -1))
        let first = try #require(keys.values["files"]?.listValue?.first)
        #expect(first["pw_name"] == "root" && first["mode"] == "0644" && first["isreg"] == true)

        let recursive = try host.run("find", args(["paths": "/etc/apt", "recurse": true, "file_type": "directory"]))
        #expect(recursive.values["matched"] == .int(Int(try host.sh("find /etc/apt -mindepth 1 -type d | wc -l")) ?? -1))

        let slurped = try host.run("slurp", args(["src": "/etc/os-release"]))
        #expect(slurped.values["content"] == .string(try host.sh("base64 -w0 /etc/os-release")))
        #expect(slurped.values["encoding"] == "base64" && !slurped.changed)

        let temp = try host.run("tempfile", args(["state": "directory", "suffix": ".build"]))
        let path = try #require(temp.values["path"]?.stringValue)
        #expect(temp.changed && path.hasPrefix("/tmp/ansible.") && path.hasSuffix(".build"))
        #expect(try host.sh("stat -c %a:%U \(ShellQuote.quote(path)) && rmdir \(ShellQuote.quote(path))") == "700:root")
    }

    @Test func fetchBringsAHostFileThroughSudoAndAssembleBuildsOne() throws {
        let host = try LabHost("h87", user: "deployp")
        try host.sh("rm -rf /srv/pb-fetch && mkdir -p /srv/pb-fetch/frags && chmod 0700 /srv/pb-fetch && printf 'secret=1\\n' > /srv/pb-fetch/app.conf && chmod 0600 /srv/pb-fetch/app.conf")
        let local = FileManager.default.temporaryDirectory.appendingPathComponent("pb-fetch-\(UUID().uuidString)").path
        let arguments = args(["src": "/srv/pb-fetch/app.conf", "dest": .string(local)])
        let first = try host.run("fetch", arguments)
        let dest = "\(local)/\(host.connection.hostName)/srv/pb-fetch/app.conf"
        #expect(first.changed && first.values["dest"] == .string(dest), "\(first.values)")
        #expect(FileManager.default.contents(atPath: dest) == Data("secret=1\n".utf8), "read as root through sudo")
        #expect(first.values["checksum"] == .string(try host.sh("sha1sum /srv/pb-fetch/app.conf | cut -d' ' -f1")))
        #expect(!(try host.run("fetch", arguments)).changed)
        try host.sh("echo secret=2 > /srv/pb-fetch/app.conf")
        #expect(try host.run("fetch", arguments).changed)
        #expect(FileManager.default.contents(atPath: dest) == Data("secret=2\n".utf8))
        try? FileManager.default.removeItem(atPath: local)

        try host.sh("cd /srv/pb-fetch/frags && printf 'a\\n' > 10-a && printf 'b' > 20-b && printf 'x\\n' > .skip")
        let assemble = args([
            "src": "/srv/pb-fetch/frags", "dest": "/srv/pb-fetch/joined", "delimiter": "#--", "ignore_hidden": true,
            "owner": "deploy", "mode": "0640",
        ])
        let checked = try host.run("assemble", assemble, check: true)
        #expect(checked.skipped && !checked.changed, "\(checked.values)")
        #expect(checked.message == "This action (assemble) does not support check mode.")
        #expect(try host.sh("test -e /srv/pb-fetch/joined && echo yes || echo no") == "no", "check mode wrote the file")
        let built = try host.run("assemble", assemble)
        #expect(built.changed && built.message == "OK" && built.values["owner"] == "deploy", "\(built.values)")
        #expect(try host.sh("cat /srv/pb-fetch/joined") == "a\n#--\nb")
        #expect(try host.sh("stat -c %a:%U /srv/pb-fetch/joined") == "640:deploy")
        #expect(!(try host.run("assemble", assemble)).changed)
    }
}
