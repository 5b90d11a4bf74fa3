import Foundation
import Modules
import Testing
import TestSupport
import Transport
import Values

/// `package` on lab host h143: on a Debian target it is apt, with apt's check-mode prediction.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct PackageLabTests {
    @Test func installsOnceRemovesAndPredicts() throws {
        let host = try LabHost("h143")
        try host.sh("apt-get purge -y -q pb-hello >/dev/null 2>&1 || true")
        let arguments = args(["name": "pb-hello", "state": "present"])

        let predicted = try host.run("package", arguments, check: true, diff: true)
        #expect(predicted.changed && !predicted.failed, "\(predicted.values)")
        #expect(predicted.predictedPackages.contains("pb-hello"), "later tasks can rely on the prediction")
        #expect(try host.installedVersion("pb-hello") == nil, "check mode installed the package")

        let installed = try host.run("package", arguments, diff: true)
        #expect(installed.changed && !installed.failed, "\(installed.values)")
        #expect(installed.values["packages"] == predicted.values["packages"], "the check run predicted the real one")
        #expect(try host.installedVersion("pb-hello") == "1.0")
        #expect(!(try host.run("package", args(["name": "pb-hello", "use": "apt"]))).changed)

        let removed = try host.run("package", args(["name": "pb-hello", "state": "absent", "purge": true]))
        #expect(removed.changed && !removed.failed, "\(removed.values)")
        #expect(try host.installedVersion("pb-hello") == nil)
        #expect(!(try host.run("package", args(["name": "pb-hello", "state": "absent"]))).changed)
    }

    @Test func aStateAptDoesNotKnowFailsNamingTheChoices() throws {
        let host = try LabHost("h143")
        let result = try host.run("package", args(["name": "pb-hello", "state": "installed"]))
        #expect(result.failed)
        #expect(result.message?.contains("must be one of: absent, present, latest, fixed") == true, "\(result.message ?? "")")
    }
}
