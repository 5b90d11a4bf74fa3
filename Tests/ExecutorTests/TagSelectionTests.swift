import Planner
import Testing

/// `--tags` and `--skip-tags` with Ansible's special tags, row by row from a table fixture.
struct TagSelectionTests {
    struct Row: CustomStringConvertible, Sendable {
        var only: [String]
        var skip: [String]
        var tags: Set<String>
        var runs: Bool
        var line: Int

        var description: String {
            "line \(line): --tags '\(only.joined(separator: ","))' --skip-tags '\(skip.joined(separator: ","))' task \(tags.sorted())"
        }
    }

    static func list(_ cell: String) -> [String] {
        cell.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static let rows: [Row] = FixtureFiles.table("tag-selection.txt").enumerated().map { index, cells in
        Row(
            only: list(cells[0]), skip: list(cells[1]), tags: Set(list(cells[2])), runs: cells[3] == "yes",
            line: index + 1)
    }

    @Test func theTableIsNotEmpty() {
        #expect(Self.rows.count >= 35)
        #expect(Self.rows.allSatisfy { FixtureFiles.table("tag-selection.txt")[$0.line - 1].count == 4 })
    }

    @Test(arguments: rows)
    func taskRunsAsAnsibleDecides(_ row: Row) {
        let selection = TagSelection(only: row.only, skip: row.skip)
        #expect(selection.includes(row.tags) == row.runs, "\(row)")
    }
}
