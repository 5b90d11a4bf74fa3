import Foundation
import Modules
import Testing
import TestSupport
import Values

/// authorized_key on h11, for a user made afresh for each test.
extension SystemConfigLabTests {
    static let alice = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx1111111111111111111111111111111111111111111 alice@laptop"
    static let bob = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx2222222222222222222222222222222222222222222 bob@desk"
    static let keyFile = "/home/pbkeys/.ssh/authorized_keys"

    func keysHost() throws -> LabHost {
        _ = try Lab.require(hosts: 200)
        let host = try LabHost("h11")
        try host.sh("userdel -r pbkeys >/dev/null 2>&1; useradd -m -s /bin/sh pbkeys && rm -rf /root/pb-keys && mkdir /root/pb-keys")
        return host
    }

    @Test func authorizedKeyCreatesTheDirectoryAndFileForTheUserOnce() throws {
        let host = try keysHost()
        let add = args(["user": "pbkeys", "key": .string(Self.alice)])
        let predicted = try host.run("authorized_key", add, check: true, diff: true)
        #expect(predicted.changed && predicted.values["keyfile"] == .string(Self.keyFile), "\(predicted.values)")
        #expect(predicted.values["diff"]?.dictValue?["after"] == .string(Self.alice + "\n"))
        #expect(try host.sh("test -e /home/pbkeys/.ssh && echo yes || echo no") == "no", "check mode made the directory")

        let added = try host.run("authorized_key", add, diff: true)
        #expect(added.changed && !added.failed && added.values["diff"] == predicted.values["diff"], "\(added.values)")
        #expect(added.values["path"] == .null && added.values["key_options"] == .null && added.values["manage_dir"] == true)
        #expect(try host.sh("stat -c '%a %U %G' /home/pbkeys/.ssh \(Self.keyFile)") == "700 pbkeys pbkeys\n600 pbkeys pbkeys")
        #expect(try host.sh("cat \(Self.keyFile)") == Self.alice)
        let again = try host.run("authorized_key", add)
        #expect(!again.changed && !again.failed, "\(again.values)")
    }

    @Test func authorizedKeyReplacesALineWhoseOptionsOrCommentDifferAndHonoursExclusive() throws {
        let host = try keysHost()
        try host.sh("mkdir -m 700 /home/pbkeys/.ssh && printf '# team\\n%s\\n' '\(Self.bob)' > \(Self.keyFile)")
        let options = args([
            "user": "pbkeys", "key": .string(Self.alice + "\n" + Self.bob), "key_options": "no-pty,from=\"10.0.0.0/8\"",
        ])
        #expect(try host.run("authorized_key", options).changed)
        let blob = { (key: String) in key.split(separator: " ").dropLast().joined(separator: " ") }
        // bob's line moves after the others, as ansible.posix ranks a replaced key.
        #expect(
            try host.sh("cat \(Self.keyFile)")
                == "# team\nno-pty,from=\"10.0.0.0/8\" \(Self.alice)\nno-pty,from=\"10.0.0.0/8\" \(Self.bob)")
        let reordered = args([
            "user": "pbkeys", "key": .string(Self.alice), "key_options": "from=\"10.0.0.0/8\",no-pty",
        ])
        #expect(!(try host.run("authorized_key", reordered)).changed, "options compare in any order")
        let commented = args(["user": "pbkeys", "key": .string(blob(Self.alice)), "key_options": "no-pty,from=\"10.0.0.0/8\"", "comment": "laptop"])
        #expect(try host.run("authorized_key", commented).changed)
        #expect(try host.sh("tail -n 1 \(Self.keyFile)") == "no-pty,from=\"10.0.0.0/8\" \(blob(Self.alice)) laptop")

        let exclusive = try host.run("authorized_key", args(["user": "pbkeys", "key": .string(Self.bob), "exclusive": true]), diff: true)
        #expect(exclusive.changed)
        #expect(try host.sh("cat \(Self.keyFile)") == Self.bob, "every other line goes, comments too")
        let absent = args(["user": "pbkeys", "key": .string(blob(Self.bob)), "state": "absent"])
        #expect(try host.run("authorized_key", absent).changed)
        #expect(!(try host.run("authorized_key", absent)).changed)
        #expect(try host.sh("wc -c < \(Self.keyFile); stat -c %a \(Self.keyFile)") == "0\n600")
    }

    @Test func authorizedKeyWritesAPathAndRefusesWhatAnsiblePosixRefuses() throws {
        let host = try keysHost()
        try host.sh("printf 'x\\n' > /root/pb-keys/real && ln -s real /root/pb-keys/link")
        let followed = try host.run(
            "authorized_key",
            args(["user": "pbkeys", "key": .string(Self.alice), "path": "/root/pb-keys/link", "manage_dir": false, "follow": true]))
        #expect(followed.changed && followed.values["state"] == "link" && followed.values["keyfile"] == "/root/pb-keys/link", "\(followed.values)")
        #expect(try host.sh("cat /root/pb-keys/link; stat -c '%F %U' /root/pb-keys/link /root/pb-keys/real") == "x\n\(Self.alice)\nsymbolic link root\nregular file pbkeys")
        let bad = try host.run("authorized_key", args(["user": "pbkeys", "key": "not a key"]))
        #expect(bad.failed && !bad.changed && bad.message == "invalid key specified: not a key")
        let ghost = try host.run("authorized_key", args(["user": "pbghost", "key": .string(Self.alice)]))
        #expect(ghost.failed && ghost.message == "Failed to lookup user pbghost: \"getpwnam(): name not found: 'pbghost'\"")
        let ghostCheck = try host.run("authorized_key", args(["user": "pbghost", "key": .string(Self.alice)]), check: true)
        #expect(ghostCheck.message == "Either user must exist or you must provide full path to key file in check mode")
        let ghostPath = try host.run(
            "authorized_key", args(["user": "pbghost", "key": .string(Self.alice), "path": "/root/pb-keys/g"]), check: true)
        #expect(ghostPath.changed && !ghostPath.failed, "check mode with a path looks no user up")
        let url = try host.run("authorized_key", args(["user": "pbkeys", "key": "https://example.org/alice.keys"]))
        #expect(url.failed && url.message?.hasPrefix("Error getting key from: https://example.org/alice.keys") == true)
    }
}
