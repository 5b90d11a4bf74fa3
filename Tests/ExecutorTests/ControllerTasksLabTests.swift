import Foundation
import TestSupport
import Testing

/// The controller-side tasks that change what the run knows (`include_vars`, `add_host`,
/// `group_by`) on lab hosts h94–h95: each playbook writes what it saw to the hosts, read back
/// here without going through the code under test.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct ControllerTasksLabTests {
    @Test func includeVarsLoadsFilesAndDirectoriesAtItsPrecedence() throws {
        let lab = try LabPlaybook(["h94", "h95"])
        let output = try lab.run(FixtureFiles.path("controller/include-vars.yml"))
        #expect(output.status == 0, "\(output)")
        for host in lab.names {
            #expect(output.recap[host]?["ignored"] == 3, "\(output)")
            #expect(output.recap[host]?["failed"] == 0, "\(output)")
            let read = { (name: String) in try lab.sh(host, "cat /var/tmp/pb-include-vars/\(name)") }
            // Above play vars: the file's app_port wins over the play's.
            #expect(try read("free-form") == "shop 8080")
            // Sorted, subdirectories too, README.txt passed over; the later file wins.
            #expect(try read("dir") == "10-a.json,20-b.yml,30-c.yml from b shop-b c")
            #expect(try read("limited") == #"limited={"layer_a": "a", "shared": "from a"}"#)
            // set_fact wins over a later include_vars; hash_behaviour=merge keeps the old keys.
            #expect(
                try read("precedence")
                    == #"from set_fact {"workers": 2, "limits": {"cpu": 1, "memory": 512}, "timeout": 30}"#)
            #expect(try read("role") == "from the role's vars folder")
            let errors = try read("errors")
            #expect(errors.hasPrefix("Could not find or access 'missing.yml'\nSearched in:\n\t/"), "\(errors)")
            #expect(errors.contains("controller/vars/list.yml must be stored as a dictionary/hash"), "\(errors)")
            #expect(errors.contains("controller/vars/broken.yml:3:1: error: "), "the YAML error names file:line:col: \(errors)")
        }
        let again = try lab.run(FixtureFiles.path("controller/include-vars.yml"))
        #expect(again.recap["h94"]?["changed"] == 0, "\(again)")
    }

    @Test func addHostAndGroupByFeedLaterPlays() throws {
        let lab = try LabPlaybook(["h94", "h95"])
        _ = try lab.shAll("rm -f /var/tmp/pb-add-host /var/tmp/pb-group-by")
        let output = try lab.run(FixtureFiles.path("controller/add-host.yml"))
        #expect(output.status == 0, "\(output)")
        // add_host runs once, on the first host: it counts there alone.
        #expect(output.stdout.contains("TASK [add the second host under another name] ****"), "\(output)")
        #expect(output.stdout.contains("changed: [h94]\n\nTASK [group each host by its name]"), "\(output)")
        // add_host, two group_by and the databases play's copy; the removals find nothing.
        #expect(output.recap["h94"]?["changed"] == 4, "\(output)")
        #expect(output.recap["h95"]?["changed"] == 1, "\(output)")
        #expect(output.recap["added-h95"]?["changed"] == 1, "\(output)")
        #expect(try lab.sh("h95", "cat /var/tmp/pb-add-host") == "added-h95 h94 dynamic,webservers")
        #expect(try lab.sh("h94", "cat /var/tmp/pb-group-by") == "5432 by_h94,databases,grouped_db,webservers")
        #expect(try lab.sh("h95", "test -e /var/tmp/pb-group-by && echo yes || echo no") == "no")
        #expect(try lab.sh("h94", "test -e /var/tmp/pb-add-host && echo yes || echo no") == "no")
    }

    @Test func pauseWaitsOncePerPlayAndDoesNotWaitForAnAnswerWithoutATerminal() throws {
        let lab = try LabPlaybook(["h96", "h97"])
        let output = try lab.run(FixtureFiles.path("controller/pause.yml"))
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout.contains("TASK [wait] ****"), "\(output)")
        #expect(output.stdout.components(separatedBy: "Pausing for 1 seconds\nok: [h96]\n").count == 2, "\(output)")
        #expect(output.stderr.contains("Not waiting for response to prompt as stdin is not interactive"), "\(output)")
        #expect(output.seconds >= 1 && output.seconds < 20, "\(output)")
        // The first host alone ran it and registered its result.
        #expect(output.recap["h96"]?["ok"] == 3 && output.recap["h97"]?["ok"] == 1, "\(output)")
        #expect(try lab.sh("h96", "cat /var/tmp/pb-pause") == "True 1  Paused for 0.0 minutes")
        #expect(try lab.sh("h97", "cat /var/tmp/pb-pause") == "False - - -")
    }

    @Test func requiredArgumentsMayComeFromModuleDefaults() throws {
        let lab = try LabPlaybook(["h96"])
        _ = try lab.sh("h96", "rm -f /var/tmp/pb-defaults-copy /var/tmp/pb-defaults-file")
        let output = try lab.run(FixtureFiles.path("controller/module-defaults.yml"))
        #expect(output.status == 0, "\(output)")
        #expect(try lab.sh("h96", "cat /var/tmp/pb-defaults-copy") == "from the play's defaults")
        #expect(try lab.sh("h96", "test -f /var/tmp/pb-defaults-file && echo yes") == "yes")
    }

    @Test func setStatsGatherFactsAndWaitForConnection() throws {
        let lab = try LabPlaybook(["h97"])
        let output = try lab.run(FixtureFiles.path("controller/connection.yml"))
        // The address where nothing listens times out: a failed host, not an unreachable one.
        #expect(output.status == 2, "\(output)")
        #expect(output.stdout.contains("TASK [gather_facts] ****"), "\(output)")
        #expect(output.recap["h97"]?["failed"] == 0, "\(output)")
        #expect(output.recap["nowhere"]?["failed"] == 1 && output.recap["nowhere"]?["unreachable"] == 0, "\(output)")
        #expect(output.stdout.contains(#"timed out waiting for ping module test: "#), "\(output)")
        #expect(output.seconds >= 3, "the timeout is waited out: \(output)")
        #expect(try lab.sh("h97", "cat /var/tmp/pb-connection") == "h97 False Debian True")
    }
}
