import Testing
import Transport

@testable import Executor

/// `ansible_ssh_common_args` / `ansible_ssh_extra_args`: the OpenSSH options this client honours,
/// in the spellings OpenSSH accepts; everything else is ignored, never misread.
struct SSHCommandLineOptionsTests {
    @Test func knownHostsAndStrictCheckingAsLabInventoriesWriteThem() {
        let options = SSHCommandLineOptions.parse("-o UserKnownHostsFile=/run/lab/known_hosts -o StrictHostKeyChecking=yes")
        #expect(options.knownHostsFiles == ["/run/lab/known_hosts"])
        #expect(options.hostKeyPolicy == .strict)
    }

    @Test func joinedAndSpaceSeparatedSpellings() {
        let options = SSHCommandLineOptions.parse(
            "-oStrictHostKeyChecking=accept-new -o 'UserKnownHostsFile /a/known /b/known' -oConnectTimeout=7")
        #expect(options.hostKeyPolicy == .acceptNew)
        #expect(options.knownHostsFiles == ["/a/known", "/b/known"])
        #expect(options.connectTimeout == 7)
    }

    @Test(arguments: [
        ("no", HostKeyPolicy.off), ("off", .off), ("false", .off), ("yes", .strict), ("true", .strict),
        ("accept-new", .acceptNew), ("ACCEPT-NEW", .acceptNew),
    ])
    func strictHostKeyCheckingValues(_ value: String, _ policy: HostKeyPolicy) {
        #expect(SSHCommandLineOptions.parse("-o StrictHostKeyChecking=\(value)").hostKeyPolicy == policy)
        #expect(SSHCommandLineOptions.parse("-o stricthostkeychecking=\(value)").hostKeyPolicy == policy, "names are case-insensitive")
    }

    @Test func identityPortAndUserFlags() {
        let options = SSHCommandLineOptions.parse("-i /keys/deploy -p 2222 -l deploy -o IdentityFile=/keys/second -o Port=2200 -o User=ops")
        #expect(options.identityFiles == ["/keys/deploy", "/keys/second"])
        #expect(options.port == 2200, "the later spelling wins, as with repeated ssh options")
        #expect(options.user == "ops")
        let joined = SSHCommandLineOptions.parse("-i/keys/a -p22 -lroot")
        #expect(joined.identityFiles == ["/keys/a"])
        #expect(joined.port == 22)
        #expect(joined.user == "root")
    }

    @Test func optionsWithoutMeaningHereAreIgnored() {
        let options = SSHCommandLineOptions.parse(
            "-C -q -o ControlMaster=auto -o ControlPersist=60s -o ProxyCommand='nc %h %p' -F /dev/null -o ServerAliveInterval=30")
        #expect(options == SSHCommandLineOptions())
    }

    @Test func anUnknownStrictValueLeavesThePolicyAlone() {
        #expect(SSHCommandLineOptions.parse("-o StrictHostKeyChecking=ask").hostKeyPolicy == nil)
        #expect(SSHCommandLineOptions.parse("-o").hostKeyPolicy == nil, "a trailing flag without a value")
    }

    @Test func appliedToATargetTheyOverrideItsDefaults() {
        var target = SSHTarget(name: "web1", address: "192.0.2.7", user: "root")
        let options = SSHCommandLineOptions.parse("-o UserKnownHostsFile=/k -o StrictHostKeyChecking=no -o ConnectTimeout=3 -i /id")
        options.apply(to: &target)
        #expect(target.knownHostsFiles == ["/k"])
        #expect(target.hostKeyPolicy == .off)
        #expect(target.connectTimeout == 3)
        #expect(target.identityFiles == ["/id"])
    }
}
