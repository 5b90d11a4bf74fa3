import Testing
import Values

@testable import Inventory

@Suite struct VariablePrecedenceTests {
    static let expected = FixtureFiles.json("hierarchy/expected.json")
    static let playbookDirectory = FixtureFiles.path("hierarchy/playbook")

    /// The INI and YAML forms of the same hierarchy must give every host the same variables.
    @Test(arguments: ["hosts.ini", "hosts.yml"])
    func variablesFollowAnsiblePrecedence(_ source: String) throws {
        let load = FixtureFiles.load([FixtureFiles.path("hierarchy/" + source)], extra: [Self.playbookDirectory])
        let inventory = try #require(load.inventory)
        #expect(inventory.hosts.map(\.name) == Self.expected["hosts"]?.listValue?.compactMap(\.stringValue))
        for (host, variables) in Self.expected["variables"]?.dictValue ?? ValueDict() {
            let actual = inventory.variables(for: host)
            #expect(.dict(actual) == variables, "\(host): \(Self.difference(actual, variables.dictValue))")
        }
        for (host, groups) in Self.expected["groups"]?.dictValue ?? ValueDict() {
            #expect(inventory.groupNames(of: host) == groups.listValue?.compactMap(\.stringValue), "\(host)")
        }
    }

    /// Inline variables alone: all < parent < child < host, whatever the depth of the host's group.
    @Test func inlineVariablesMergeFromAllToHost() throws {
        let inventory = try Inventory.parse(FixtureFiles.text("hierarchy/hosts.ini"), file: "hosts.ini")
        let markers = [
            "web01.example.com": "host", "web02.example.com": "web", "api1.example.com": "app",
            "db-a.example.com": "prod", "bastion.example.com": "all",
        ]
        for (host, marker) in markers {
            #expect(inventory.variables(for: host)["depth_marker"] == .string(marker), "\(host)")
        }
        #expect(inventory.variables(for: "web02.example.com")["level"] == "web-inline")
        #expect(inventory.variables(for: "web02.example.com")["sibling"] == "zeta")
        #expect(inventory.variables(for: "web02.example.com")["ranked"] == "first")
    }

    @Test func priorityOrdersGroupsButIsNotAVariable() throws {
        let inventory = try Inventory.parse(FixtureFiles.text("hierarchy/hosts.ini"), file: "hosts.ini")
        #expect(inventory.groups["first"]?.priority == 10)
        #expect(inventory.groups["first"]?.vars["ansible_group_priority"] == nil)
        #expect(inventory.sortedGroupNames().prefix(2) == ["all", "alpha"])
    }

    @Test func withoutThePlaybookDirectoryTheInventoryFilesDecide() throws {
        let inventory = try #require(FixtureFiles.load([FixtureFiles.path("hierarchy/hosts.ini")]).inventory)
        #expect(inventory.variables(for: "web02.example.com")["http_port"] == 80)
        #expect(inventory.variables(for: "api1.example.com")["from_playbook"] == nil)
    }

    @Test func directorySourceReadsEveryInventoryFileAndItsVarsFolders() throws {
        let directory = try TemporaryDirectory()
        directory.write("10-web.ini", "[web]\nweb1\n")
        directory.write("20-db.yml", "db:\n  hosts:\n    db1:\n")
        directory.write("README.md", "not an inventory")
        directory.write("group_vars/web.yml", "role: frontend\n")
        directory.write("host_vars/db1", "role: database\n")
        let inventory = try #require(FixtureFiles.load([directory.path]).inventory)
        #expect(inventory.hosts.map(\.name) == ["web1", "db1"])
        #expect(inventory.variables(for: "web1")["role"] == "frontend")
        #expect(inventory.variables(for: "db1")["role"] == "database")
    }

    @Test func brokenVarsFilesAreReportedWithTheirLocation() throws {
        let directory = try TemporaryDirectory()
        let hosts = directory.write("hosts", "[web]\nweb1\n")
        let varsFile = directory.write("group_vars/web.yml", "- just\n- a list\n")
        guard case .failure(let list) = FixtureFiles.load([hosts]) else {
            Issue.record("expected an error")
            return
        }
        #expect(list.diagnostics.map(\.kind) == [.wrongType])
        #expect(list.diagnostics.first?.mark?.file == varsFile)
        #expect(list.diagnostics.first?.mark?.line == 1)
    }

    static func difference(_ actual: ValueDict, _ expected: ValueDict?) -> String {
        let expected = expected ?? ValueDict()
        let keys = Set(actual.keys).union(expected.keys).sorted()
        return keys.filter { actual[$0] != expected[$0] }
            .map { "\($0): got \(String(describing: actual[$0])), want \(String(describing: expected[$0]))" }
            .joined(separator: "; ")
    }
}
