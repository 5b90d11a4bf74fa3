import Diagnostics
import Testing
import Values

@testable import PlaybookModel

/// The examples in `playbooks/` are what users copy first: each must load without an error.
@Suite struct ExamplePlaybookTests {
    static let examples = Fixtures.yamlFiles(in: Fixtures.examplesDirectory)

    @Test func thereAreExamples() {
        #expect(Self.examples.contains("site.yml"))
        #expect(Self.examples.count >= 4)
    }

    @Test(arguments: examples)
    func loadsWithoutErrors(_ name: String) {
        switch Fixtures.load(Fixtures.examplesDirectory + "/" + name) {
        case .success(let playbook):
            #expect(!playbook.plays.isEmpty)
            #expect(playbook.warnings.isEmpty, "\(playbook.warnings)")
        case .failure(let list):
            Issue.record("\(name):\n\(DiagnosticPrinter(useColor: false).render(list.diagnostics))")
        }
    }

    @Test func siteInstallsAndServesNginx() throws {
        let playbook = try #require(try? PlaybookLoader.load(path: Fixtures.examplesDirectory + "/site.yml"))
        let play = try #require(playbook.plays.first)
        #expect(playbook.plays.count == 1)
        #expect(play.hosts.value == "webservers")
        #expect(play.become?.literal == true)
        #expect(play.vars.values["nginx_port"] == .int(8080))
        #expect(play.taskModules == ["apt", "file", "copy", "copy", "systemd"])
        let tasks = play.tasks.tasks
        #expect(tasks[0].arguments["state"] == "present")
        #expect(tasks[0].arguments["update_cache"] == .bool(true))
        #expect(tasks[0].arguments["cache_valid_time"] == .int(3600))
        #expect(tasks[1].arguments["mode"] == "0755")
        #expect(tasks[2].arguments["dest"] == "/etc/nginx/sites-enabled/playbook.conf")
        #expect(tasks[2].notify.map(\.value) == ["restart nginx"])
        #expect(tasks[4].arguments["enabled"] == .bool(true))
        let handler = try #require(play.handlers.first)
        #expect(handler.name == "restart nginx")
        #expect(handler.module == "systemd")
        #expect(handler.arguments["state"] == "restarted")
        #expect(handler.isHandler)
        #expect(play.handlers(answering: "restart nginx").count == 1)
    }

    @Test func rolesDemoRunsCommonFirstAndRescuesTheConfiguration() throws {
        let playbook = try #require(try? PlaybookLoader.load(path: Fixtures.examplesDirectory + "/roles-demo.yml"))
        let play = try #require(playbook.plays.first)
        #expect(play.roles.map(\.role.name) == ["common", "web"])
        #expect(play.roles[0].dependencyOf == "web")
        #expect(play.roles.allSatisfy { $0.effectiveTags == ["web"] })
        let web = play.roles[1]
        #expect(web.role.defaults["web_sites"]?["main"]?["port"] == .int(8080))
        #expect(web.vars.values["web_sites"]?["docs"]?["port"] == .int(8081))
        let blocks = web.tasks.compactMap { item -> Block? in
            if case .block(let block) = item { return block }
            return nil
        }
        #expect(blocks.count == 1)
        #expect(blocks.first?.rescue.tasks.map(\.module) == ["file", "fail"])
        #expect(web.tasks.tasks.first?.when.map(\.expression) == ["ansible_facts['os_family'] == 'Debian'"])
        #expect(play.handlers.map(\.displayName) == ["web : reload nginx"])
    }
}
