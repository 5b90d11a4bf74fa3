import Diagnostics
import Testing

@testable import Inventory

/// One row of `patterns/table.txt`.
struct PatternRow: CustomTestStringConvertible, Sendable {
    var pattern: String
    /// `nil` when the pattern must be rejected.
    var expected: [String]?

    var testDescription: String { pattern.isEmpty ? "<empty>" : pattern }

    static let all: [PatternRow] = FixtureFiles.tableLines("patterns/table.txt").compactMap { line in
        guard let arrow = line.range(of: " => ") else { return nil }
        let pattern = String(line[..<arrow.lowerBound])
        let result = line[arrow.upperBound...].trimmingCharacters(in: .whitespaces)
        let expected: [String]? =
            switch result {
            case "error": nil
            case "(none)": []
            default: result.split(separator: " ").map(String.init)
            }
        return PatternRow(pattern: pattern == "<empty>" ? "" : pattern, expected: expected)
    }
}

@Suite struct PatternTableTests {
    static let inventory = try? Inventory.load(sources: [FixtureFiles.path("patterns/ranged.ini")])

    @Test func tableIsLargeEnough() {
        #expect(PatternRow.all.count >= 40)
        #expect(Self.inventory != nil)
    }

    @Test(arguments: PatternRow.all)
    func pattern(_ row: PatternRow) throws {
        let inventory = try #require(Self.inventory)
        if let expected = row.expected {
            let selected = try inventory.select(row.pattern).map(\.name)
            #expect(selected == expected)
        } else {
            let error = #expect(throws: Diagnostic.self) { try inventory.select(row.pattern) }
            #expect(error?.kind == .pattern)
        }
    }

    @Test func implicitLocalhostRunsLocallyAndIsNotInAll() throws {
        let inventory = try #require(Self.inventory)
        let local = try #require(try inventory.select("localhost").first)
        #expect(local.isImplicit)
        #expect(local.vars["ansible_connection"] == "local")
        #expect(!inventory.hosts.contains { $0.name == "localhost" })
        #expect(inventory.host(named: "localhost")?.isImplicit == true)
        #expect(inventory.host(named: "nosuchhost") == nil)
    }

    @Test func errorsPointAtTheGivenMark() throws {
        let inventory = try #require(Self.inventory)
        let mark = Mark(file: "site.yml", line: 3, column: 10)
        let error = #expect(throws: Diagnostic.self) { try inventory.select("webservers[7]", mark: mark) }
        #expect(error?.mark == mark)
        #expect(error?.message.contains("webservers[7]") == true)
    }
}

@Suite struct LimitTests {
    static let inventory = PatternTableTests.inventory

    @Test func limitIntersectsWithThePlaySelectionInPlayOrder() throws {
        let inventory = try #require(Self.inventory)
        let play = try inventory.select("production")
        #expect(try inventory.restrict(play, limit: "staging").map(\.name) == ["web04", "web05", "db-c"])
        #expect(try inventory.restrict(play, limit: "!webservers").map(\.name) == ["db-a", "db-b", "db-c"])
        #expect(try inventory.restrict(play, limit: "web01,jump.example.com").map(\.name) == ["web01"])
        #expect(try inventory.restrict(play, limit: "nosuchhost").isEmpty)
    }

    @Test func limitFileHoldsOnePatternPerLine() throws {
        let inventory = try #require(Self.inventory)
        let play = try inventory.select("all")
        let limit = "@" + FixtureFiles.path("patterns/retry.txt")
        #expect(try inventory.restrict(play, limit: limit).map(\.name) == ["web02", "db-b", "cdn5.example.com"])
        #expect(
            try inventory.restrict(play, limit: limit + ",web01").map(\.name) == [
                "web01", "web02", "db-b", "cdn5.example.com",
            ])
    }

    @Test func missingLimitFileIsAnError() throws {
        let inventory = try #require(Self.inventory)
        let error = #expect(throws: Diagnostic.self) {
            try inventory.restrict(inventory.hosts, limit: "@/nonexistent/retry.txt")
        }
        #expect(error?.kind == .io)
    }

    @Test func badLimitSyntaxIsAPatternError() throws {
        let inventory = try #require(Self.inventory)
        let error = #expect(throws: Diagnostic.self) { try inventory.restrict(inventory.hosts, limit: "web::db") }
        #expect(error?.kind == .pattern)
    }
}
