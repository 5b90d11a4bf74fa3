import Foundation
import Modules
import Testing
import TestSupport
import Transport
import Values

/// apt and systemd on lab host h1: real packages from the lab's repository, real units.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct AptLabTests {
    @Test func checkModePredictsTheInstallAndTheServiceThatComesWithIt() throws {
        let host = try LabHost("h1")
        try host.sh("apt-get purge -y -q pb-hello >/dev/null 2>&1 || true")

        let predicted = try host.run("apt", args(["name": "pb-hello"]), check: true, diff: true)
        #expect(predicted.changed && !predicted.failed, "\(predicted.values)")
        #expect(predicted.predictedPackages.contains("pb-hello"))
        #expect(predicted.values["diff"]?["prepared"]?.stringValue?.contains("Inst pb-hello") == true)
        #expect(try host.installedVersion("pb-hello") == nil, "check mode changed the host")

        let unit = try host.run(
            "systemd", args(["name": "pb-hello", "state": "restarted"]), check: true,
            predicted: predicted.predictedPackages)
        #expect(unit.changed && !unit.failed, "\(unit.values)")
        #expect(unit.message?.contains("would restart pb-hello") == true)
        let unknown = try host.run("systemd_service", args(["name": "pb-hello", "state": "started"]), check: true)
        #expect(unknown.failed && unknown.message?.contains("Could not find the requested service pb-hello") == true)

        let installed = try host.run("apt", args(["name": "pb-hello"]))
        #expect(installed.changed && !installed.failed, "\(installed.values)")
        #expect(installed.values["packages"] == predicted.values["packages"], "the check run predicted the real one")
        #expect(try host.installedVersion("pb-hello") == "1.0")
        let again = try host.run("apt", args(["name": "pb-hello", "state": "present"]))
        #expect(!again.changed && !again.failed)
    }

    @Test func serviceStatesActOnlyWhenNeeded() throws {
        let host = try LabHost("h1")
        try host.sh("apt-get install -y -q pb-hello >/dev/null 2>&1")
        try host.sh("systemctl stop pb-hello; systemctl disable pb-hello 2>/dev/null; true")

        let start = try host.run("systemd", args(["name": "pb-hello", "state": "started", "enabled": true]))
        #expect(start.changed && !start.failed, "\(start.values)")
        #expect(try host.sh("systemctl is-active pb-hello") == "active")
        #expect(try host.sh("systemctl is-enabled pb-hello") == "enabled")
        #expect(start.values["status"]?["ActiveState"] == "active")
        #expect(!(try host.run("systemd", args(["name": "pb-hello", "state": "started", "enabled": true]))).changed)

        let before = try host.sh("systemctl show -p MainPID --value pb-hello")
        let restart = try host.run("service", args(["name": "pb-hello", "state": "restarted"]))
        #expect(restart.changed && restart.values["state"] == "started")
        #expect(try host.sh("systemctl show -p MainPID --value pb-hello") != before)

        let predictedStop = try host.run("systemd", args(["name": "pb-hello", "state": "stopped"]), check: true)
        #expect(predictedStop.changed)
        #expect(try host.sh("systemctl is-active pb-hello") == "active", "check mode stopped the unit")
        #expect(try host.run("systemd", args(["name": "pb-hello", "state": "stopped", "masked": true])).changed)
        #expect(try host.sh("systemctl is-enabled pb-hello || true") == "masked")
        #expect(try host.run("systemd", args(["name": "pb-hello", "masked": false, "enabled": true])).changed)
        #expect(try host.sh("systemctl is-enabled pb-hello") == "enabled")
    }

    @Test func versionPinsLatestAndRemoval() throws {
        let host = try LabHost("h1")
        try host.sh("apt-get purge -y -q pb-versioned >/dev/null 2>&1 || true")
        let pinned = try host.run("apt", args(["name": "pb-versioned=1.*"]))
        #expect(pinned.changed && !pinned.failed, "\(pinned.values)")
        #expect(try host.installedVersion("pb-versioned") == "1.0")
        #expect(!(try host.run("apt", args(["name": "pb-versioned=1.*"]))).changed)

        let wouldUpgrade = try host.run("apt", args(["name": "pb-versioned", "state": "latest"]), check: true)
        #expect(wouldUpgrade.changed && wouldUpgrade.values["packages"] == ["pb-versioned"])
        #expect(try host.installedVersion("pb-versioned") == "1.0")
        #expect(try host.run("apt", args(["name": "pb-versioned", "state": "latest"])).changed)
        #expect(try host.installedVersion("pb-versioned") == "2.0")
        #expect(!(try host.run("apt", args(["name": "pb-versioned", "state": "latest"]))).changed)

        let removed = try host.run("apt", args(["name": "pb-versioned", "state": "absent", "purge": true]))
        #expect(removed.changed && removed.values["removed"] == ["pb-versioned"])
        #expect(try host.installedVersion("pb-versioned") == nil)
        #expect(!(try host.run("apt", args(["name": "pb-versioned", "state": "absent"]))).changed)

        let missing = try host.run("apt", args(["name": "no-such-package-anywhere"]))
        #expect(missing.failed && missing.message == "No package matching 'no-such-package-anywhere' is available")
    }

    @Test func cacheValidTimeSkipsAFreshUpdate() throws {
        let host = try LabHost("h1")
        let updated = try host.run("apt", args(["update_cache": true]))
        #expect(updated.changed && updated.values["cache_updated"] == true, "\(updated.values)")
        let fresh = try host.run("apt", args(["update_cache": true, "cache_valid_time": 3600]))
        #expect(!fresh.changed && fresh.values["cache_updated"] == false)
    }
}
