import Diagnostics
import Testing
import Values

@testable import PlaybookModel

/// Required arguments may come from `module_defaults` at any enclosing level; the loader
/// counts them as given and leaves a templated entry to the run. (Still-missing arguments:
/// `malformed/module-defaults-missing-argument.yml`.)
@Suite struct ModuleDefaultsLoadTests {
    @Test func argumentsGivenByModuleDefaultsAreNotMissing() throws {
        let play = try #require(Fixtures.playbook("good/module-defaults-required.yml")?.plays.first)
        #expect(play.tasks.tasks.map(\.module) == ["copy", "file", "file", "user", "group"])
        #expect(play.roles.flatMap(\.tasks.tasks).map(\.module) == ["copy"])
    }

    @Test func coverageFollowsTheModulesNamesAndTemplates() throws {
        let copy = try #require(ModuleCatalog(directories: []).spec(of: "copy"))
        let levels: Value = .list([
            .dict(["ansible.legacy.copy": .dict(["dest": "/a", "nonsense": 1])]),
            .dict(["file": .dict(["path": "/b"])]),
        ])
        let given = ModuleDefaultsCoverage(Located(levels, at: .synthetic("test")), module: "copy", spec: copy)
        #expect(given.names == ["dest"], "unknown names are left to the run's own check")
        #expect(!given.isUnknown)
        let templated = ModuleDefaultsCoverage(
            Located(.dict(["copy": "{{ defaults }}"]), at: .synthetic("test")), module: "copy", spec: copy)
        #expect(templated.isUnknown)
    }
}
