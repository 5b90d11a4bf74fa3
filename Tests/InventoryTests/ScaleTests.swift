import Foundation
import Testing

@testable import Inventory

/// Loading a large inventory and computing every host's variables must stay roughly linear:
/// group membership is indexed once, never rescanned per host.
@Suite struct ScaleTests {
    /// 10,000 hosts in 100 ranged groups under 10 regions, each group with its own variables.
    static func largeInventoryText() -> String {
        var text = "[all:vars]\nansible_user=deploy\n"
        for group in 0..<100 {
            text += "[rack\(group)]\nnode\(group)-[0000:0099].example.com rack=\(group)\n"
            text += "[rack\(group):vars]\nrack_name=rack\(group)\n"
        }
        for region in 0..<10 {
            text += "[region\(region):children]\n"
            for group in stride(from: region, to: 100, by: 10) { text += "rack\(group)\n" }
            text += "[region\(region):vars]\nregion=r\(region)\n"
        }
        return text
    }

    @Test func tenThousandHostsLoadAndResolveQuickly() throws {
        let directory = try TemporaryDirectory()
        let path = directory.write("hosts.ini", Self.largeInventoryText())
        let clock = ContinuousClock()
        var inventory: Inventory?
        let loading = clock.measure { inventory = FixtureFiles.load([path]).inventory }
        let loaded = try #require(inventory)
        #expect(loaded.hosts.count == 10_000)
        var resolved = 0
        let resolving = clock.measure {
            for host in loaded.hosts where loaded.variables(for: host.name)["region"] != nil { resolved += 1 }
        }
        let selecting = clock.measure { _ = try? loaded.select("region3:&rack*:!node13-0000.example.com") }
        #expect(resolved == 10_000)
        #expect(try loaded.select("region3:&rack*:!node13-0000.example.com").count == 999)
        print("10,000 hosts: load \(loading), all variables \(resolving), pattern \(selecting)")
        // Generous bounds for unoptimised builds on a shared machine; the point is to catch
        // quadratic behaviour, which would take minutes here.
        #expect(loading < .seconds(20))
        #expect(resolving < .seconds(20))
    }
}
