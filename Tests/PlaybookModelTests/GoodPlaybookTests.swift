import Diagnostics
import Testing
import Values

@testable import PlaybookModel

/// Well-formed playbooks load into the model the planner and executor rely on.
@Suite struct GoodPlaybookTests {
    @Test func blocksKeepTheirSectionsAndInheritTags() throws {
        let play = try #require(Fixtures.playbook("good/blocks.yml")?.plays.first)
        guard case .block(let deploy) = try #require(play.tasks.first) else {
            Issue.record("expected a block")
            return
        }
        #expect(deploy.name == "Deploy")
        #expect(deploy.become?.literal == true)
        #expect(deploy.when.map(\.expression) == ["ansible_facts['os_family'] == 'Debian'"])
        #expect(deploy.effectiveTags == ["play", "deploy"])
        #expect(deploy.block.count == 2)
        #expect(deploy.rescue.tasks.map(\.name) == ["Roll back"])
        #expect(deploy.always.tasks.map(\.name) == ["Report"])
        guard case .block(let inner) = deploy.block[1] else {
            Issue.record("expected a nested block")
            return
        }
        #expect(inner.vars.values["stage"] == "inner")
        let apply = try #require(inner.block.tasks.first)
        #expect(apply.effectiveTags == ["play", "deploy", "apply"])
        #expect(apply.tags == ["apply"])
        #expect(deploy.block.tasks.first?.register?.value == "fetched")
        #expect(play.allTags == ["apply", "deploy", "play"])
    }

    @Test func keyValueStringsSplitLikeAnsible() throws {
        let tasks = try #require(Fixtures.playbook("good/string-args.yml")?.plays.first?.tasks.tasks)
        #expect(
            tasks.map(\.module) == [
                "apt", "command", "shell", "debug", "copy", "command", "command", "set_fact", "meta", "shell",
            ])
        #expect(tasks[0].argumentValue == ["name": "nginx", "state": "present", "update_cache": "yes"])
        #expect(tasks[1].argumentValue == ["chdir": "/srv", "_raw_params": "ls -l \"my dir\""])
        #expect(tasks[2].argumentValue == ["creates": "/tmp/x", "_raw_params": "echo \"a b\" > /tmp/x"])
        #expect(tasks[3].argumentValue == ["msg": "hello world", "verbosity": "1"])
        #expect(tasks[4].arguments["mode"] == "0644")
        #expect(tasks[5].delegateTo?.value == "localhost")
        #expect(tasks[4].displayName == "copy" && tasks[5].displayName == "command")
        #expect(tasks[5].arguments["_raw_params"] == "echo hi")
        #expect(
            tasks[6].argumentValue == [
                "_raw_params": "make install", "chdir": "/src", "creates": "/usr/local/bin/tool",
            ])
        #expect(tasks[7].argumentValue == ["answer": "42", "greeting": "hi there"])
        #expect(tasks[8].argumentValue == ["_raw_params": "flush_handlers"])
        #expect(tasks[9].arguments["_raw_params"] == "echo one\necho two")
        // Marks point at each value inside the string.
        #expect(tasks[0].argumentMarks["state"]?.line == 3)
        #expect(tasks[0].argumentMarks["state"]?.column == 29)
        #expect(tasks[0].moduleMark.column == 7)
    }

    @Test func fullyQualifiedNamesResolveToShortOnes() throws {
        let play = try #require(Fixtures.playbook("good/fqcn.yml")?.plays.first)
        #expect(play.taskModules == ["apt", "copy", "systemd", "command"])
        // An unnamed task shows its module as written, as Ansible's `TASK [...]` does.
        let names = play.tasks.tasks.prefix(3).map(\.displayName)
        #expect(names == ["ansible.builtin.apt", "ansible.legacy.copy", "ansible.builtin.systemd_service"])
        guard case .block(let imported) = try #require(play.tasks.last) else {
            Issue.record("expected the import as a block")
            return
        }
        guard case .importTasks(let path) = imported.origin else {
            Issue.record("expected an import_tasks block")
            return
        }
        #expect(path.hasSuffix("good/tasks/setup.yml"))
    }

    @Test func loopsConditionsAndRetries() throws {
        let tasks = try #require(Fixtures.playbook("good/loops.yml")?.plays.first?.tasks.tasks)
        #expect(tasks[0].loop?.kind == .loop)
        #expect(tasks[0].loop?.value == ["git", "curl"])
        #expect(tasks[0].loopControl?.label?.value == "{{ item }}")
        #expect(tasks[1].loop?.kind == .lookup("dict"))
        #expect(tasks[1].loop?.value == "{{ users }}")
        #expect(tasks[1].loopControl?.itemVariable == "user")
        #expect(tasks[1].loopControl?.indexVar?.value == "position")
        #expect(tasks[1].loopControl?.pause?.literal == 0.5)
        #expect(tasks[2].loop?.kind == .lookup("items"))
        #expect(tasks[3].register?.value == "check")
        #expect(tasks[3].until.map(\.expression) == ["check.rc == 0"])
        #expect(tasks[3].retries?.literal == 5)
        #expect(tasks[3].delay?.literal == 2)
        #expect(tasks[3].changedWhen.map(\.expression) == ["False"])
        #expect(tasks[3].failedWhen.map(\.expression) == ["check.rc != 0", "'ok' not in check.stdout"])
        #expect(tasks[4].when.count == 2)
        #expect(tasks[5].when.map(\.expression) == ["True"])
        #expect(tasks[5].ignoreErrors?.template == "{{ tolerant }}")
    }

    @Test func handlersAnswerByNameAndTopic() throws {
        let play = try #require(Fixtures.playbook("good/handlers.yml")?.plays.first)
        #expect(play.handlers.map(\.name) == ["restart app", "reload proxy", "reload cache"])
        #expect(play.handlers(answering: "web changed").map(\.name) == ["reload proxy", "reload cache"])
        #expect(play.handlers(answering: "restart app").map(\.name) == ["restart app"])
        #expect(play.handlers.allSatisfy { $0.isHandler })
    }

    @Test func rolesLoadWithDependenciesOnce() throws {
        let play = try #require(Fixtures.playbook("good/roles.yml")?.plays.first)
        // base (as app's dependency, with the same variables as the explicit entry) runs once.
        #expect(play.roles.map(\.role.name) == ["base", "app"])
        let base = play.roles[0]
        #expect(base.dependencyOf == "app")
        #expect(base.vars.values["base_packages"] == ["curl", "git"])
        #expect(base.role.defaults["base_packages"] == ["curl"])
        #expect(base.effectiveTags == ["app"])
        #expect(base.when.map(\.expression) == ["deploy_app | default(true)"])
        let app = play.roles[1]
        #expect(app.vars.values["app_port"] == .int(9000))
        #expect(app.role.vars["app_user"] == "app")
        #expect(app.role.dependencies == ["base"])
        #expect(app.role.filesDirectory.hasSuffix("good/roles/app/files"))
        let appTasks = app.tasks.tasks
        #expect(appTasks.map(\.name) == ["App directory", "App config"])
        #expect(appTasks.allSatisfy { $0.role?.name == "app" })
        #expect(appTasks[1].effectiveTags == ["app", "config"])
        #expect(appTasks[1].displayName == "app : App config")
        // Role handlers come before play handlers; import_role adds none twice.
        #expect(play.handlers.map(\.displayName) == ["base : base changed", "app : restart app"])
        #expect(play.handlers(answering: "app : restart app").count == 1)
        guard case .block(let imported) = play.tasks[0], case .includeRole(let included) = play.tasks[1] else {
            Issue.record("expected import_role and include_role")
            return
        }
        #expect(imported.origin == .importRole(name: "app"))
        // app's dependency (base) already ran in this play, so the import adds only app's tasks.
        #expect(imported.block.tasks.map(\.name) == ["App config"])
        #expect(included.roleName.value == "base")
        #expect(included.loop?.value == [1, 2])
        #expect(included.preloaded?.map(\.role.name) == ["base"])
    }

    @Test func importsExpandAndIncludesWait() throws {
        let playbook = try #require(Fixtures.playbook("good/imports.yml"))
        #expect(playbook.plays.map(\.name) == ["Imported play", "Imports and includes"])
        let imported = playbook.plays[0]
        #expect(imported.tags == ["via-import", "imported"])
        #expect(imported.vars.values["from_import"] == .bool(true))
        #expect(imported.allTasks.first?.effectiveTags == ["via-import", "imported"])
        let play = playbook.plays[1]
        guard case .block(let importBlock) = play.tasks[0], case .includeTasks(let literal) = play.tasks[1],
            case .includeTasks(let templated) = play.tasks[2]
        else {
            Issue.record("expected an import block and two includes")
            return
        }
        #expect(importBlock.when.map(\.expression) == ["run_setup | bool"])
        #expect(importBlock.block.tasks.first?.effectiveTags == ["imported-tasks", "setup-step"])
        #expect(literal.file.value == "tasks/setup.yml")
        #expect(literal.vars.values["step"] == .int(1))
        #expect(literal.preloaded?.tasks.map(\.name) == ["Setup step"])
        #expect(templated.file.value == "tasks/{{ ansible_facts['os_family'] }}.yml")
        #expect(templated.preloaded == nil)
        #expect(templated.apply.tags == ["os"])
        #expect(templated.apply.become?.literal == true)
        #expect(templated.loop?.value == ["a"])
        #expect(templated.resolve("tasks/setup.yml").hasSuffix("good/tasks/setup.yml"))
        // At run time the included tasks get the enclosing tags and apply's, not the include's.
        let loaded = try PlaybookLoader.loadTasks(for: templated, renderedFile: "tasks/setup.yml")
        #expect(templated.effectiveTags == ["dynamic"])
        #expect(loaded.tasks.first?.effectiveTags == ["os", "setup-step"])
    }

    @Test func userModulesAndMergeKeys() throws {
        let tasks = try #require(Fixtures.playbook("good/user-module.yml")?.plays.first?.tasks.tasks)
        #expect(tasks.map(\.module) == ["greet", "command"])
        #expect(tasks[0].argumentValue == ["name": "world"])
        #expect(tasks[1].become?.literal == true)
        #expect(tasks[1].tags == ["merged"])
    }

    @Test func runTimeLoadsValidateToo() throws {
        let path = Fixtures.path("good/tasks/setup.yml")
        let items = try PlaybookLoader.loadTasks(path: path, role: nil, mark: Mark(file: "x.yml", line: 1, column: 1))
        #expect(items.tasks.map(\.name) == ["Setup step"])
        #expect(throws: DiagnosticList.self) {
            try PlaybookLoader.loadTasks(
                path: Fixtures.path("malformed/unknown-module.yml"), role: nil,
                mark: Mark(file: "x.yml", line: 1, column: 1))
        }
    }

    @Test func playKeywordsAreTyped() throws {
        let play = try #require(Fixtures.playbook("good/play-keywords.yml")?.plays.first)
        #expect(play.hosts.value == "webservers,!staging")
        #expect(play.gatherFacts?.literal == false)
        #expect(play.gatherSubset == ["network"])
        #expect(play.serial.map(\.literal) == [.count(1), .percent(50), nil])
        #expect(play.serial.last?.template == "{{ batch }}")
        #expect(play.strategy?.value == .free)
        #expect(play.order?.value == .sorted)
        #expect(play.maxFailPercentage?.literal == 30)
        #expect(play.anyErrorsFatal?.literal == true)
        #expect(play.forceHandlers?.literal == true)
        #expect(play.become?.literal == true)
        #expect(play.becomeUser?.value == "deploy")
        #expect(play.becomeMethod?.value == "su")
        #expect(play.remoteUser?.value == "admin")
        #expect(play.port?.literal == 2222)
        #expect(play.connection?.value == "ssh")
        #expect(play.checkMode?.literal == false)
        #expect(play.diff?.template == "{{ show_diff }}")
        #expect(play.environment?.value == ["LANG": "C.UTF-8"])
        #expect(
            play.varsFiles.map(\.candidates) == [
                ["vars/common.yml"], ["vars/{{ ansible_facts['os_family'] }}.yml", "vars/default.yml"],
            ])
        #expect(play.moduleDefaults?.value["apt"]?["cache_valid_time"] == .int(3600))
        #expect(play.preTasks.count == 1)
        #expect(play.postTasks.count == 1)
        #expect(play.taskModules == ["ping", "ping"])
        #expect(play.directory.hasSuffix("Fixtures/good"))
    }
}
