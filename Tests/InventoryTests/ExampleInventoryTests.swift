import Testing
import Values

@testable import Inventory

/// The example inventories shipped in the repository's `inventory/` folder.
@Suite struct ExampleInventoryTests {
    static let ini = FixtureFiles.exampleInventory.appendingPathComponent("hosts.ini").path
    static let yaml = FixtureFiles.exampleInventory.appendingPathComponent("hosts.yml").path

    @Test func bothFormatsDescribeTheSameInventory() throws {
        let fromINI = try #require(FixtureFiles.load([Self.ini]).inventory)
        let fromYAML = try #require(FixtureFiles.load([Self.yaml]).inventory)
        #expect(fromINI.hosts.map(\.name) == fromYAML.hosts.map(\.name))
        #expect(fromINI.hosts.count == 9)
        for host in fromINI.hosts {
            #expect(fromINI.groupNames(of: host.name) == fromYAML.groupNames(of: host.name), "\(host.name)")
            #expect(fromINI.variables(for: host.name) == fromYAML.variables(for: host.name), "\(host.name)")
            #expect(host.groups == fromYAML.host(named: host.name)?.groups, "\(host.name)")
        }
        for pattern in ["production:!staging", "webservers[0]", "db-*", "~lb\\d"] {
            #expect(try fromINI.select(pattern).map(\.name) == fromYAML.select(pattern).map(\.name), "\(pattern)")
        }
    }

    @Test func varsFoldersApplyInAnsibleOrder() throws {
        let inventory = try #require(FixtureFiles.load([Self.ini]).inventory)
        let web01 = inventory.variables(for: "web01")
        #expect(web01["ansible_host"] == "192.0.2.11")
        #expect(web01["nginx_worker_processes"] == 8)
        #expect(web01["http_port"] == 8080)
        #expect(web01["timezone"] == "Europe/Berlin")
        let web02 = inventory.variables(for: "web02")
        #expect(web02["ansible_host"] == "{{ inventory_hostname }}.example.com")
        #expect(web02["nginx_worker_processes"] == 2)
        #expect(inventory.variables(for: "db-a.example.com")["postgres_role"] == "primary")
        #expect(inventory.variables(for: "db-b.example.com")["postgres_role"] == "replica")
        #expect(inventory.variables(for: "bastion.example.com")["nginx_worker_processes"] == nil)
        #expect(try inventory.select("staging").map(\.name) == ["web04"])
    }

    @Test func connectionSettingsOfTheExampleHosts() throws {
        let inventory = try #require(FixtureFiles.load([Self.ini]).inventory)
        let bastion = try ConnectionSettings(
            vars: inventory.variables(for: "bastion.example.com"), inventoryHostname: "bastion.example.com")
        #expect(bastion.host == "203.0.113.10")
        #expect(bastion.port == 2222)
        #expect(bastion.user == "deploy")
        #expect(bastion.privateKeyFile == "~/.ssh/id_ed25519")
        let lb = try ConnectionSettings(
            vars: inventory.variables(for: "lb1.example.com"), inventoryHostname: "lb1.example.com")
        #expect(lb.host == "lb1.example.com")
        #expect(lb.port == 22)
    }
}
