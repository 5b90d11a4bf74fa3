import Foundation
import Testing
import Values

@testable import PlaybookModel

/// Ansible's `key=value` splitting, case by case from `Fixtures/key-value.json`.
struct KeyValueCase: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    var freeForm: Bool
    var arguments: [[String]]
    var raw: String?
    var isError: Bool
    var testDescription: String { name }

    static let all: [KeyValueCase] = {
        let text = (try? String(contentsOfFile: Fixtures.path("key-value.json"), encoding: .utf8)) ?? "[]"
        guard case .list(let items) = (try? JSON.parse(text)) ?? .null else { return [] }
        return items.map { item in
            KeyValueCase(
                name: item["case"]?.stringValue ?? "?", text: item["text"]?.stringValue ?? "",
                freeForm: item["freeForm"]?.boolValue ?? false,
                arguments: (item["arguments"]?.listValue ?? []).map { ($0.listValue ?? []).compactMap(\.stringValue) },
                raw: item["raw"]?.stringValue, isError: item["error"]?.boolValue ?? false)
        }
    }()
}

@Suite struct KeyValueArgumentsTests {
    @Test func casesAreLoaded() {
        #expect(KeyValueCase.all.count >= 20)
    }

    @Test(arguments: KeyValueCase.all)
    func splitsLikeAnsible(_ fixture: KeyValueCase) {
        do {
            let parsed = try KeyValueArguments.parse(fixture.text, freeForm: fixture.freeForm)
            #expect(!fixture.isError, "expected an error, got \(parsed)")
            #expect(parsed.arguments.map { [$0.name, $0.value] } == fixture.arguments)
            #expect(parsed.rawParams == fixture.raw)
        } catch {
            #expect(fixture.isError, "unexpected error for \(fixture.text)")
        }
    }

    @Test func offsetsPointAtEachWord() throws {
        let parsed = try KeyValueArguments.parse("  a=1   b=\"x y\" c", freeForm: false)
        #expect(parsed.arguments.map(\.offset) == [2, 8])
        #expect(parsed.rawParamsOffset == 16)
    }
}
