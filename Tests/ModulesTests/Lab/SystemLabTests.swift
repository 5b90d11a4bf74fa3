import Foundation
import Modules
import Testing
import TestSupport
import Transport
import Values

/// raw, script, getent, cron and hostname on lab hosts h90–h93: a change, check mode that
/// changes nothing, a second run that reports ok, and Ansible's messages for errors. The host
/// is inspected out of band with `scripts/lab exec`.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct SystemLabTests {
    @Test func rawRunsTheCommandLineAsWrittenAndFailsOnItsStatus() throws {
        let host = try LabHost("h90")
        let result = try host.run("raw", args(["_raw_params": "cd /etc && printf '%s\\n' \"$PWD\" debian_version; exit 0"]))
        #expect(result.changed && !result.failed, "\(result.values)")
        #expect(result.values["stdout_lines"] == ["/etc", "debian_version"])
        let bash = try host.run("raw", args(["_raw_params": "echo ${BASH_VERSION:+bash}", "executable": "/bin/bash"]))
        #expect(bash.values["stdout"] == "bash\n")
        let failed = try host.run("raw", args(["_raw_params": "echo nope >&2; exit 7"]))
        #expect(failed.failed && failed.values["rc"] == 7 && failed.values["stderr"] == "nope\n")
        #expect(failed.message == "non-zero return code")
        let deploy = try LabHost("h90", user: "deployp")
        let root = try deploy.run("raw", args(["_raw_params": "id -un"]))
        #expect(root.values["stdout"] == "root\n", "raw honours become: \(root.values)")
    }

    @Test func scriptRunsAControllerFileAndLeavesNothingBehind() throws {
        let host = try LabHost("h90")
        try host.sh("rm -rf /var/tmp/pb-script && mkdir /var/tmp/pb-script")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pb-script-lab-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "#!/bin/sh\necho \"$1\" > marker; echo \"ran as $(id -un) in $PWD with $#\"\n"
            .write(toFile: dir + "/mark.sh", atomically: true, encoding: .utf8)
        let arguments = args([
            "cmd": "mark.sh 'first arg' second", "chdir": "/var/tmp/pb-script", "creates": "/var/tmp/pb-script/marker",
        ])
        let before = try host.sh("ls -a /tmp | sort")
        let predicted = try host.run("script", arguments, check: true, search: [dir])
        #expect(predicted.skipped && !predicted.changed)
        #expect(try host.sh("ls /var/tmp/pb-script") == "")
        let ran = try host.run("script", arguments, search: [dir])
        #expect(ran.changed && !ran.failed, "\(ran.values)")
        #expect(ran.values["stdout"] == "ran as root in /var/tmp/pb-script with 2\n")
        #expect(try host.sh("cat /var/tmp/pb-script/marker") == "first arg")
        #expect(try host.sh("ls -a /tmp | sort") == before, "the script's temporary copy was removed")
        let again = try host.run("script", arguments, search: [dir])
        #expect(again.skipped && again.message == "/var/tmp/pb-script/marker exists, matching creates option")
        let python = try host.run(
            "script", args(["cmd": "mark.sh", "executable": "/bin/sh -x", "removes": "/var/tmp/pb-script/marker"]),
            search: [dir])
        #expect(python.changed && python.values["stderr"]?.stringValue?.contains("+ echo") == true, "\(python.values)")
    }

    @Test func getentReadsTheHostsDatabases() throws {
        let host = try LabHost("h91")
        let passwd = try host.run("getent", args(["database": "passwd", "key": "deploy"]))
        let expected = try host.sh("getent passwd deploy").split(separator: ":", omittingEmptySubsequences: false)
        #expect(passwd.values["ansible_facts"]?["getent_passwd"]?["deploy"] == .list(expected.dropFirst().map { .string(String($0)) }))
        let groups = try host.run("getent", args(["database": "group"]))
        let count = try host.sh("getent group | wc -l")
        #expect(groups.values["ansible_facts"]?["getent_group"]?.dictValue?.count == Int(count))
        // White space separates the fields of other databases (the lab has no /etc/services).
        let hosts = try host.run("getent", args(["database": "hosts", "key": "localhost"]))
        let line = try host.sh("getent hosts localhost").split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        #expect(hosts.values["ansible_facts"]?["getent_hosts"]?[line[0]] == .list(line.dropFirst().map { .string($0) }))
        let missing = try host.run("getent", args(["database": "passwd", "key": "nobody-pb"]))
        #expect(missing.failed && missing.message == "One or more supplied key could not be found in the database.")
    }

    @Test func cronManagesEntriesOfACronFile() throws {
        let host = try LabHost("h91")
        try host.sh("rm -f /etc/cron.d/pb-lab")
        let job = args([
            "name": "rotate", "job": "/usr/sbin/logrotate /etc/logrotate.conf", "minute": "*/15", "cron_file": "pb-lab",
            "user": "root",
        ])
        let predicted = try host.run("cron", job, check: true, diff: true)
        #expect(predicted.changed && !predicted.failed, "\(predicted.values)")
        #expect(try host.sh("test -e /etc/cron.d/pb-lab || echo absent") == "absent")
        let added = try host.run("cron", job, diff: true)
        #expect(added.changed && added.values["diff"] == predicted.values["diff"])
        #expect(try host.sh("cat /etc/cron.d/pb-lab") == "#Ansible: rotate\n*/15 * * * * root /usr/sbin/logrotate /etc/logrotate.conf")
        #expect(try host.sh("stat -c '%a %U' /etc/cron.d/pb-lab") == "644 root")
        #expect(!(try host.run("cron", job)).changed)
        var moved = job
        moved["minute"] = "0"
        moved["backup"] = true
        let updated = try host.run("cron", moved)
        let backup = try #require(updated.values["backup_file"]?.stringValue)
        #expect(try host.sh("cat \(ShellQuote.quote(backup)); rm -f \(ShellQuote.quote(backup))").contains("*/15 * * * *"))
        #expect(try host.sh("grep -c '^0 \\* \\* \\* \\* root' /etc/cron.d/pb-lab") == "1")
        let gone = try host.run("cron", args(["name": "rotate", "state": "absent", "cron_file": "pb-lab"]))
        #expect(gone.changed && gone.values["state"] == "absent")
        #expect(try host.sh("test -e /etc/cron.d/pb-lab || echo absent") == "absent")
        let crontab = try host.run("cron", args(["name": "x", "job": "/bin/true"]))
        if try host.sh("command -v crontab || true").isEmpty {
            #expect(crontab.failed && crontab.message?.hasPrefix("Failed to find required executable \"crontab\"") == true)
        }
    }

    @Test func hostnameSetsTheRunningAndTheStaticName() throws {
        let host = try LabHost("h92")
        defer { _ = try? host.sh("hostnamectl --transient set-hostname h92; hostnamectl --pretty --static set-hostname h92") }
        let name = args(["name": "pb-lab-92.example.test"])
        let predicted = try host.run("hostname", name, check: true, diff: true)
        #expect(predicted.changed && !predicted.failed, "\(predicted.values)")
        #expect(try host.sh("cat /proc/sys/kernel/hostname") == "h92")
        let set = try host.run("hostname", name, diff: true)
        #expect(set.changed && set.values["diff"] == predicted.values["diff"], "\(set.values)")
        #expect(set.values["diff"]?["after"] == "hostname = pb-lab-92.example.test\n")
        #expect(set.values["ansible_facts"]?["ansible_hostname"] == "pb-lab-92")
        #expect(try host.sh("cat /proc/sys/kernel/hostname; cat /etc/hostname") == "pb-lab-92.example.test\npb-lab-92.example.test")
        #expect(!(try host.run("hostname", name)).changed)
        let debian = try host.run("hostname", args(["name": "pb-lab-92b", "use": "debian"]))
        #expect(debian.changed && !debian.failed, "\(debian.values)")
        #expect(try host.sh("cat /proc/sys/kernel/hostname; cat /etc/hostname") == "pb-lab-92b\npb-lab-92b")
        let long = try host.run("hostname", args(["name": .string(String(repeating: "a", count: 65))]))
        #expect(long.failed && long.message == "name cannot be longer than 64 characters on systemd servers, try a shorter name")
    }

    @Test func serviceAndPackageFactsDescribeTheHost() throws {
        let host = try LabHost("h93")
        let services = try host.run("service_facts", ValueDict(), check: true)
        #expect(!services.changed && !services.failed, "\(services.values)")
        let ssh = services.values["ansible_facts"]?["services"]?["ssh.service"]
        #expect(ssh == .dict(ValueDict([("name", "ssh.service"), ("state", "running"), ("status", "enabled"), ("source", "systemd")])))
        // In Ansible's order, which a template printing the entry shows.
        #expect(ssh?.dictValue?.keys == ["name", "state", "status", "source"])
        #expect(services.values["ansible_facts"]?["services"]?["sshd.service"]?["status"] == "alias")
        #expect(services.values["ansible_facts"]?["services"]?["ssh"]?["source"] == "sysv")
        let packages = try host.run("package_facts", ValueDict())
        let installed = try #require(packages.values["ansible_facts"]?["packages"]?.dictValue)
        #expect(installed.count == Int(try host.sh("dpkg-query -W -f='${db:Status-Status}\\n' | grep -cx installed")))
        let openssh = try #require(installed["openssh-server"]?.listValue?.first)
        #expect(openssh["version"]?.stringValue == (try host.installedVersion("openssh-server")))
        #expect(openssh["source"] == "apt" && openssh["category"] == "net")
        let unknown = try host.run("package_facts", args(["manager": ["rpm"]]))
        #expect(unknown.failed && unknown.message?.hasPrefix("Could not detect a supported package manager") == true)
    }

    @Test func dpkgSelectionsAndDebconfAnswers() throws {
        let host = try LabHost("h93")
        try host.sh("echo 'sudo install' | dpkg --set-selections; echo 'tzdata tzdata/Areas select Etc' | debconf-set-selections")
        defer { _ = try? host.sh("echo 'sudo install' | dpkg --set-selections") }
        let hold = args(["name": "sudo", "selection": "hold"])
        let predicted = try host.run("dpkg_selections", hold, check: true)
        #expect(predicted.changed && predicted.values["before"] == "install" && predicted.values["after"] == "hold")
        #expect(try host.sh("dpkg --get-selections sudo | awk '{print $2}'") == "install")
        #expect(try host.run("dpkg_selections", hold).changed)
        #expect(try host.sh("dpkg --get-selections sudo | awk '{print $2}'") == "hold")
        #expect(!(try host.run("dpkg_selections", hold)).changed)
        let missing = try host.run("dpkg_selections", args(["name": "no-such-package", "selection": "hold"]))
        #expect(missing.failed && missing.message == "Failed to find package 'no-such-package' to perform selection 'hold'.")

        let area = args(["name": "tzdata", "question": "tzdata/Areas", "vtype": "select", "value": "Europe"])
        let check = try host.run("debconf", area, check: true, diff: true)
        #expect(check.changed && check.values["previous"] == .dict(ValueDict([("tzdata/Areas", "Etc")])))
        #expect(try host.sh("debconf-show tzdata | grep -c 'Areas: Etc'") == "1")
        let answered = try host.run("debconf", area)
        #expect(answered.changed && answered.values["diff"] == .dict(ValueDict()), "an empty diff without --diff, as Ansible's")
        #expect(try host.sh("debconf-show tzdata | grep -c 'Areas: Europe'") == "1")
        #expect(!(try host.run("debconf", area)).changed)
        let locales = args([
            "name": "locales", "question": "locales/locales_to_be_generated", "vtype": "multiselect",
            "value": ["en_US.UTF-8 UTF-8", "de_DE.UTF-8 UTF-8"],
        ])
        _ = try host.run("debconf", locales)
        var reordered = locales
        reordered["value"] = ["de_DE.UTF-8 UTF-8", "en_US.UTF-8 UTF-8"]
        #expect(!(try host.run("debconf", reordered)).changed, "a multiselect list compares in any order")
    }
}
