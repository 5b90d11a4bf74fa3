import Diagnostics
import Foundation
import Testing
import Values

@testable import PlaybookModel

/// Behaviour beyond single fixtures: warnings, search paths, run-time loads, bounds.
@Suite struct LoaderBehaviorTests {
    @Test func templatedConditionsAndIgnoredKeywordsWarn() throws {
        let playbook = try #require(Fixtures.playbook("good/warnings.yml"))
        let task = try #require(playbook.plays.first?.allTasks.first)
        #expect(task.when.map(\.expression) == ["run_it"])
        #expect(playbook.warnings.map { "\($0.mark?.line ?? 0):\($0.mark?.column ?? 0)" } == ["4:13", "5:17"])
        #expect(playbook.warnings.allSatisfy { $0.severity == .warning })
    }

    @Test func aFileMayIncludeItselfAtRunTime() throws {
        let play = try #require(Fixtures.playbook("good/recursive-include.yml")?.plays.first)
        guard case .includeTasks(let outer) = try #require(play.tasks.first) else {
            Issue.record("expected include_tasks")
            return
        }
        let inner = try #require(outer.preloaded)
        #expect(inner.count == 2)
        guard case .includeTasks(let recursive) = inner[1] else {
            Issue.record("expected the nested include")
            return
        }
        #expect(recursive.preloaded == nil)
        #expect(recursive.when.map(\.expression) == ["counter | int > 0"])
    }

    @Test func rolesAreFoundInExtraPathsAndAtRunTime() throws {
        let path = Fixtures.path("good/extra-roles-path.yml")
        #expect(throws: DiagnosticList.self) { try PlaybookLoader.load(path: path) }
        let options = LoadOptions(rolesPaths: [Fixtures.path("extra-roles")])
        let playbook = try PlaybookLoader.load(path: path, options: options)
        let play = try #require(playbook.plays.first)
        #expect(play.roles.map(\.role.name) == ["extra"])
        #expect(play.roles.first?.role.path == Fixtures.path("extra-roles/extra"))
        guard case .includeRole(let include) = try #require(play.tasks.first) else {
            Issue.record("expected include_role")
            return
        }
        #expect(include.preloaded == nil)
        let loaded = try PlaybookLoader.loadRole(named: "extra", for: include, options: playbook.options)
        #expect(loaded.map(\.role.name) == ["extra"])
        #expect(loaded.first?.tasks.tasks.map(\.displayName) == ["extra : From an extra roles path"])
        do {
            _ = try PlaybookLoader.loadRole(named: "missing", for: include, options: playbook.options)
            Issue.record("a missing role must fail")
        } catch {
            #expect(error.errors.map(\.kind) == [.io])
            #expect(error.errors.first?.mark == include.roleName.mark)
        }
    }

    /// Without a terminal (CI, pipes) ansible-core asks nothing: a warning, and each prompt's
    /// default (or null) becomes a play variable over what vars: says.
    @Test func varsPromptWithoutATerminalTakesTheDefaults() throws {
        let path = try temporaryFile("prompt.yml", """
            - hosts: all
              vars: {user: from_vars}
              vars_prompt:
                - {name: user, prompt: Who?, default: anon, private: false}
                - {name: token, prompt: Token}
              tasks: []
            """)
        guard isatty(STDIN_FILENO) == 0 else { return }
        let playbook = try PlaybookLoader.load(path: path)
        let play = try #require(playbook.plays.first)
        #expect(play.keywords.vars.values["user"] == "anon")
        #expect(play.keywords.vars.values["token"] == .null)
        #expect(playbook.warnings.map(\.message) == ["Not prompting as we are not in interactive mode"])
        let bad = try temporaryFile("prompt-bad.yml", "- hosts: all\n  vars_prompt:\n    - {prompt: x, colour: red}\n")
        #expect(throws: DiagnosticList.self) { try PlaybookLoader.load(path: bad) }
    }

    @Test func emptyAndMissingPlaybooks() throws {
        let empty = try temporaryFile("empty.yml", "# nothing here\n")
        guard case .failure(let list) = Fixtures.load(empty) else {
            Issue.record("an empty playbook must fail")
            return
        }
        #expect(list.errors.map(\.message) == ["the playbook is empty"])
        guard case .failure(let missing) = Fixtures.load("/nonexistent/site.yml") else {
            Issue.record("a missing playbook must fail")
            return
        }
        #expect(missing.errors.map(\.kind) == [.io])
    }

    @Test func deepNestingStopsWithAnError() throws {
        var text = "- hosts: all\n  tasks:\n"
        var indent = "    "
        for _ in 0..<70 {
            text += "\(indent)- block:\n"
            indent += "    "
        }
        text += "\(indent)- ping:\n"
        let path = try temporaryFile("deep.yml", text)
        guard case .failure(let list) = Fixtures.load(path) else {
            Issue.record("70 nested blocks must fail")
            return
        }
        #expect(list.errors.map(\.kind) == [.limit])
    }

    @Test func everyHandlerIsReachable() throws {
        let play = try #require(Fixtures.playbook("good/roles.yml")?.plays.first)
        for task in play.allTasks {
            for notification in task.notify {
                #expect(!play.handlers(answering: notification.value).isEmpty, "\(notification.value)")
            }
        }
    }

    private func temporaryFile(_ name: String, _ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "playbook-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
