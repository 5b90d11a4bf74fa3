import Diagnostics
import Inventory
import PlaybookModel
import Templating
import Testing
import Values

@testable import Executor

/// The variables one task sees, built the way a run builds them (`PlayContext.scope`), from a
/// fixture where every layer defines `ansible_upto_<layer>` for itself and each layer above it:
/// that variable must resolve to its own layer's name, so each layer beats every one below it.
struct VariablePrecedenceTests {
    static let layers = [
        "role_defaults", "inv_all", "inv_group", "inv_host", "facts", "play_vars", "vars_files", "role_vars",
        "block_vars", "task_vars", "registered", "extra_vars",
    ]

    /// The fixture play on host `web1`, with facts and registered values from the given layers.
    final class Setup {
        let playbook: Playbook
        let context: PlayContext
        let host: HostState
        let task: PlaybookModel.Task
        let keywords: InheritableKeywords

        init(extraVars: [String]) throws {
            playbook = try PlaybookLoader.load(path: FixtureFiles.path("precedence/site.yml"))
            let inventory = try Inventory.load(
                sources: [FixtureFiles.path("precedence/hosts.ini")], extraVarsDirectories: [playbook.directory])
            let run = RunShared(
                options: RunOptions(), inventory: inventory, extraVars: try ExtraVars.parse(extraVars),
                reporter: RecordingReporter())
            let play = try #require(playbook.plays.first)
            context = PlayContext(play: play, playbook: playbook, run: run, playHosts: ["web1"], userModules: [:])
            host = HostState(name: "web1", inventoryVars: inventory.variables(for: "web1"))
            // Facts are injected as `ansible_<name>`; registered values keep their names.
            for layer in VariablePrecedenceTests.layers[4...] { host.facts["upto_" + layer] = "facts" }
            for layer in VariablePrecedenceTests.layers[10...] { host.runVars["ansible_upto_" + layer] = "registered" }
            let playScope = context.scope(for: host, role: nil, keywords: play.keywords)
            context.varsFiles["web1"] = try #require(
                VarsFileLoader.load(play.varsFiles[0], scope: playScope, baseDirectory: playbook.directory, warn: { _ in }))
            // The role's block and its task, with keywords folded in as PlayRun folds them.
            let role = try #require(play.roles.first)
            let roleKeywords = role.keywords.inheriting(from: play.keywords)
            guard case .block(let block)? = role.tasks.first, case .task(let task)? = block.block.first else {
                throw FixtureError.unexpectedShape("the fixture role must start with a block holding a task")
            }
            self.task = task
            keywords = task.keywords.inheriting(from: block.keywords.inheriting(from: roleKeywords))
        }

        deinit { host.thread.stop() }

        enum FixtureError: Error {
            case unexpectedShape(String)
        }

        func scope() -> VariableScope { context.scope(for: host, role: task.role, keywords: keywords) }
    }

    @Test(arguments: layers)
    func eachLayerBeatsEveryLayerBelowIt(_ layer: String) throws {
        let setup = try Setup(extraVars: [#"{"ansible_upto_extra_vars": "extra_vars"}"#])
        #expect(try setup.scope().resolve("ansible_upto_" + layer) == .string(layer))
    }

    @Test func theTaskRendersWithTheWinningValue() throws {
        let setup = try Setup(extraVars: [])
        let message = try setup.scope().render(setup.task.arguments["msg"] ?? .null, at: setup.task.mark)
        #expect(message == "task_vars")
    }

    @Test func templatesAreRenderedWhenReadWithTheHighestLayersValues() throws {
        #expect(try Setup(extraVars: []).scope().resolve("greeting") == "hello play")
        #expect(try Setup(extraVars: ["who=operator"]).scope().resolve("greeting") == "hello operator")
    }

    @Test func aBrokenVariableNobodyReadsIsNoError() throws {
        let scope = try Setup(extraVars: []).scope()
        #expect(try scope.resolve("ansible_upto_play_vars") == "play_vars")
        #expect(throws: TemplateError.self) { try scope.resolve("unused_broken") }
    }

    @Test func aSelfReferenceIsAnErrorNamingTheCycle() throws {
        let scope = try Setup(extraVars: []).scope()
        do {
            _ = try scope.resolve("self_ref")
            Issue.record("a self-referencing variable resolved")
        } catch {
            #expect(error.kind == .limit)
            #expect(error.diagnostic.message.contains("refers to itself: self_ref → self_ref"), "\(error.diagnostic)")
            #expect(error.diagnostic.mark?.file.hasSuffix("site.yml") == true, "the error points at the variable")
        }
        do {
            _ = try scope.render("{{ loop_a }}", at: .synthetic("test"))
            Issue.record("a cycle of two variables resolved")
        } catch {
            #expect(error.diagnostic.message.contains("loop_a → loop_b → loop_a"), "\(error.diagnostic)")
        }
    }

    @Test func valuesTheRunProducedAreNeverTemplatedAgain() throws {
        let setup = try Setup(extraVars: [])
        setup.host.runVars["stdout_text"] = "{{ who }}"
        setup.host.facts["motd"] = "{{ greeting }}"
        let scope = setup.scope()
        #expect(try scope.resolve("stdout_text") == "{{ who }}")
        #expect(try scope.resolve("ansible_motd") == "{{ greeting }}")
        #expect(try scope.evaluate("ansible_facts.motd", at: .synthetic("test")) == "{{ greeting }}")
    }

    @Test func magicVariablesDescribeTheHostAndPlay() throws {
        let scope = try Setup(extraVars: []).scope()
        #expect(try scope.resolve("inventory_hostname") == "web1")
        #expect(try scope.resolve("group_names") == .list(["webservers"]))
        #expect(try scope.resolve("role_name") == "layers")
        #expect(try scope.evaluate("groups['webservers']", at: .synthetic("test")) == .list(["web1"]))
        #expect(try scope.evaluate("hostvars['web1']['ansible_upto_inv_host']", at: .synthetic("test")) == "inv_host")
    }
}
