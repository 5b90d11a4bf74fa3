import Foundation
import Modules
import Testing
import TestSupport
import Transport
import Values

/// user and group on lab host h142: created, changed attribute by attribute and removed with the
/// real shadow tools; check mode predicts each step without touching /etc/passwd, /etc/shadow or
/// /etc/group.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct AccountLabTests {
    /// SHA-512 crypt of "secret" with salt "pbsalt" (`openssl passwd -6 -salt pbsalt secret`).
    static let hash = "$6$pbsalt$2pH/sI95fMcXQth9A33gwNJF623LHysUfEI0N/mo51vNlTYNmr6upPAuJyT0xk7PGi0OXuQ1HVFLQLQimAGKM."

    func accounts(_ host: LabHost) throws -> String {
        try host.sh("sha1sum /etc/passwd /etc/shadow /etc/group /etc/gshadow | cut -c1-40 && ls /home")
    }

    /// Check mode (with diff) first, then the real run, then the same again.
    @discardableResult
    func converge(_ host: LabHost, _ module: String, _ arguments: ValueDict, secrets: [String] = []) throws -> ModuleResult {
        let before = try accounts(host)
        let predicted = try host.run(module, arguments, check: true, diff: true, secrets: secrets)
        #expect(!predicted.failed, "\(predicted.values)")
        #expect(try accounts(host) == before, "check mode changed the accounts")
        let real = try host.run(module, arguments, diff: true, secrets: secrets)
        #expect(real.changed == predicted.changed && !real.failed, "\(real.values)")
        #expect(real.values["diff"] == predicted.values["diff"], "the check run predicted another diff")
        let again = try host.run(module, arguments, diff: true, secrets: secrets)
        #expect(!again.changed && !again.failed, "a second run changed: \(again.values)")
        return real
    }

    @Test func groupsAreCreatedRenumberedAndRemoved() throws {
        let host = try LabHost("h142")
        try host.sh("groupdel pbgroup 2>/dev/null; true")
        let created = try converge(host, "group", args(["name": "pbgroup", "gid": 4501]))
        #expect(created.changed && created.values["gid"] == 4501)
        #expect(try host.sh("getent group pbgroup") == "pbgroup:x:4501:")
        let renumbered = try converge(host, "group", args(["name": "pbgroup", "gid": 4502]))
        #expect(renumbered.values["diff"]?["before"]?["gid"] == 4501 && renumbered.values["diff"]?["after"]?["gid"] == 4502)
        #expect(try host.sh("getent group pbgroup") == "pbgroup:x:4502:")
        let system = try converge(host, "group", args(["name": "pbsysgroup", "system": true]))
        #expect(system.changed)
        #expect(Int(try host.sh("getent group pbsysgroup | cut -d: -f3")) ?? 9999 < 1000, "a system gid")
        try converge(host, "group", args(["name": "pbsysgroup", "state": "absent"]))
        try converge(host, "group", args(["name": "pbgroup", "state": "absent"]))
        #expect(try host.sh("getent group pbgroup pbsysgroup || echo gone") == "gone")
    }

    @Test func usersAreCreatedChangedLockedAndRemoved() throws {
        let host = try LabHost("h142")
        try host.sh("userdel -r pbuser 2>/dev/null; groupdel pbextra 2>/dev/null; groupadd pbextra; groupadd pbmore 2>/dev/null; true")
        let created = try converge(
            host, "user",
            args([
                "name": "pbuser", "uid": 4601, "comment": "Play Book", "shell": "/bin/sh", "groups": ["pbextra"],
                "password": .string(Self.hash),
            ]), secrets: [Self.hash])
        #expect(created.changed && created.values["uid"] == 4601 && created.values["password"] == "NOT_LOGGING_PASSWORD")
        #expect(try host.sh("getent passwd pbuser") == "pbuser:x:4601:4601:Play Book:/home/pbuser:/bin/sh")
        #expect(try host.sh("getent shadow pbuser | cut -d: -f2") == Self.hash)
        #expect(try host.sh("id -nG pbuser") == "pbuser pbextra")
        #expect(try host.sh("stat -c '%U %a' /home/pbuser && test -f /home/pbuser/.bashrc && echo skel") == "pbuser 755\nskel")
        #expect(!"\(created.values)".contains(Self.hash), "the hash came back in the result")

        let changed = try converge(
            host, "user",
            args(["name": "pbuser", "shell": "/bin/bash", "groups": ["pbmore"], "append": true, "comment": "It's $(x)"]))
        #expect(changed.changed)
        #expect(changed.values["diff"]?["before"]?["shell"] == "/bin/sh" && changed.values["diff"]?["after"]?["shell"] == "/bin/bash")
        #expect(try host.sh("id -nG pbuser") == "pbuser pbextra pbmore")
        #expect(try host.sh("getent passwd pbuser | cut -d: -f5") == "It's $(x)")

        try converge(host, "user", args(["name": "pbuser", "groups": ["pbmore"]]))
        #expect(try host.sh("id -nG pbuser") == "pbuser pbmore", "without append the list is exact")

        try converge(host, "user", args(["name": "pbuser", "password_lock": true]))
        #expect(try host.sh("getent shadow pbuser | cut -d: -f2") == "!" + Self.hash)
        try converge(host, "user", args(["name": "pbuser", "expires": 1_893_542_400]))
        #expect(try host.sh("chage -l pbuser | grep 'Account expires'").hasSuffix("Jan 02, 2030"))
        try converge(host, "user", args(["name": "pbuser", "expires": -1]))
        #expect(try host.sh("chage -l pbuser | grep 'Account expires'").hasSuffix("never"))

        try host.sh("rm -rf /home/pbuser")
        let rehomed = try converge(host, "user", args(["name": "pbuser"]))
        #expect(rehomed.changed, "a missing home is created again")
        #expect(try host.sh("stat -c %U /home/pbuser") == "pbuser")

        let removed = try converge(host, "user", args(["name": "pbuser", "state": "absent", "remove": true]))
        #expect(removed.values["remove"] == true)
        #expect(try host.sh("getent passwd pbuser || test -e /home/pbuser || echo gone") == "gone")
        try host.sh("groupdel pbextra; groupdel pbmore; groupdel pbuser 2>/dev/null; true")
    }

    @Test func onCreateKeepsAChangedPasswordAndMissingGroupsFail() throws {
        let host = try LabHost("h142")
        try host.sh("userdel -r pbonce 2>/dev/null; true")
        // As in Ansible, check mode predicts a new account without its groups, which an earlier
        // task may only be about to create.
        let predicted = try host.run("user", args(["name": "pbonce", "group": "pbnotyet", "groups": ["pbnotyet"]]), check: true)
        #expect(predicted.changed && !predicted.failed, "\(predicted.values)")
        try converge(host, "user", args(["name": "pbonce", "password": .string(Self.hash), "update_password": "on_create", "create_home": false]))
        try host.sh("echo 'pbonce:other' | chpasswd")
        let kept = try host.run("user", args(["name": "pbonce", "password": .string(Self.hash), "update_password": "on_create", "create_home": false]))
        #expect(!kept.changed, "on_create leaves an existing password")
        let always = try host.run("user", args(["name": "pbonce", "password": .string(Self.hash), "create_home": false]))
        #expect(always.changed)
        #expect(try host.sh("getent shadow pbonce | cut -d: -f2") == Self.hash)
        let missing = try host.run("user", args(["name": "pbonce", "groups": ["no-such-group"]]))
        #expect(missing.failed && missing.message == "Group no-such-group does not exist")
        #expect(try host.sh("test -e /home/pbonce && echo yes || echo no") == "no", "create_home false")
        try host.sh("userdel pbonce")
    }

    /// generate_ssh_key as ansible-core 2.18's user: the key is made once and belongs to the
    /// account, a second run keeps it with Ansible's warning, force replaces it; check mode of
    /// an account to add says no more than 'changed', and no result carries an empty msg.
    @Test func sshKeysAreMadeOnceAndKeptWithAWarning() throws {
        let host = try LabHost("h142")
        try host.sh("userdel -r pbkey 2>/dev/null; true")
        let predicted = try host.run("user", args(["name": "pbkey", "generate_ssh_key": true]), check: true)
        #expect(predicted.changed && predicted.values.keys.filter { $0 != "failed" } == ["changed"], "\(predicted.values)")
        let arguments = args(["name": "pbkey", "generate_ssh_key": true, "ssh_key_type": "ed25519", "ssh_key_comment": "pb key"])
        let created = try host.run("user", arguments)
        #expect(created.changed && created.values["msg"] == nil, "\(created.values)")
        #expect(created.values["ssh_key_file"] == "/home/pbkey/.ssh/id_ed25519")
        let publicKey = try #require(created.values["ssh_public_key"]?.stringValue)
        #expect(publicKey.hasPrefix("ssh-ed25519 ") && publicKey.hasSuffix(" pb key"))
        #expect(created.values["ssh_fingerprint"]?.stringValue?.hasSuffix("pb key (ED25519)") == true)
        #expect(try host.sh("stat -c '%U %a' /home/pbkey/.ssh /home/pbkey/.ssh/id_ed25519") == "pbkey 700\npbkey 600")
        let kept = try host.run("user", arguments)
        #expect(!kept.changed && kept.values["ssh_public_key"]?.stringValue == publicKey)
        #expect(kept.values["warnings"] == [
            "Found existing ssh key private file \"/home/pbkey/.ssh/id_ed25519\", no force, so skipping ssh-keygen generation"
        ])
        var forced = arguments
        forced["force"] = true
        let replaced = try host.run("user", forced)
        #expect(replaced.changed && replaced.values["ssh_public_key"]?.stringValue != publicKey, "\(replaced.values)")
        let removed = try host.run("user", args(["name": "pbkey", "state": "absent", "remove": true]), check: true)
        #expect(removed.changed && removed.values.keys.filter { $0 != "failed" } == ["changed"], "\(removed.values)")
        try host.sh("userdel -r pbkey")
    }

    /// Hostile names are arguments, never code; useradd refuses what it cannot take.
    @Test func hostileNamesAreRefusedByTheToolsNotRun() throws {
        let host = try LabHost("h142")
        try host.sh("rm -f /root/canary")
        for name in ["-rf", "$(touch canary)", "a b", "`touch canary`", "x\ny"] {
            let result = try host.run("user", args(["name": .string(name)]))
            #expect(result.failed, "\(name): \(result.values)")
            let group = try host.run("group", args(["name": .string(name)]))
            #expect(group.failed, "\(name): \(group.values)")
        }
        #expect(try host.sh("test -e /root/canary && echo yes || echo no") == "no")
        #expect(try host.sh("grep -c 'canary' /etc/passwd /etc/group | grep -vc ':0$' || true") == "0")
    }
}
