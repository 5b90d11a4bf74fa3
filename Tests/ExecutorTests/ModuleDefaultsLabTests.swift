import Foundation
import TestSupport
import Testing

/// `module_defaults` at play, block, role and task level on a lab host (h102): the mode of each
/// file it creates shows which level's defaults reached the task.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct ModuleDefaultsLabTests {
    @Test func everyLevelAppliesAndTheTaskWins() throws {
        let lab = try LabPlaybook(["h102"])
        let output = try lab.run(FixtureFiles.path("module-defaults/site.yml"))
        #expect(output.status == 0, "\(output)")
        let modes = try lab.sh("h102", "cd /var/tmp/pb-defaults && stat -c '%n %a' play copied own block task role")
        #expect(
            modes.split(separator: "\n") == ["play 640", "copied 604", "own 600", "block 620", "task 602", "role 400"],
            "\(modes)\n\(output)")
        #expect(try lab.sh("h102", "stat -c %a /var/tmp/pb-defaults") == "755", "the task's mode wins")
        #expect(try lab.sh("h102", "cat /var/tmp/pb-defaults/copied") == "from the task")
        #expect(try lab.sh("h102", "cat /var/tmp/pb-defaults/own") == "own")

        let again = try lab.run(FixtureFiles.path("module-defaults/site.yml"))
        #expect(again.status == 0, "\(again)")
        #expect(again.recap["h102"]?["failed"] == 0)
    }
}
