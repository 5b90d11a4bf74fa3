import Diagnostics
import Foundation
import Testing
import Values

@testable import PlaybookModel

/// Fixture playbooks live next to the tests and are found from this file's path, so the
/// tests run the same from any working directory.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    /// The repository's `playbooks/` folder: the examples users start from.
    static let examplesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("playbooks").path

    static func path(_ relative: String) -> String {
        directory + "/" + relative
    }

    static func load(_ path: String) -> Result<Playbook, DiagnosticList> {
        do {
            return .success(try PlaybookLoader.load(path: path))
        } catch {
            return .failure(error)
        }
    }

    /// The playbook, or nil after recording its diagnostics as the failure.
    static func playbook(_ relative: String) -> Playbook? {
        switch load(path(relative)) {
        case .success(let playbook):
            return playbook
        case .failure(let list):
            Issue.record("\(relative) failed to load:\n\(DiagnosticPrinter(useColor: false).render(list.diagnostics))")
            return nil
        }
    }

    /// YAML files directly in a folder, sorted.
    static func yamlFiles(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted()
    }
}

extension Play {
    /// The module tasks of the play, in order, for assertions.
    var taskModules: [String] { allTasks.map(\.module) }
}

extension [TaskItem] {
    var tasks: [Task] { flatMap(\.allTasks) }
}

extension Task {
    /// The arguments as one value, to compare with a dictionary literal.
    var argumentValue: Value { .dict(arguments) }
}
