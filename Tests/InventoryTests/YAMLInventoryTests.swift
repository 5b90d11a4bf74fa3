import Diagnostics
import Testing
import Values

@testable import Inventory

@Suite struct YAMLInventoryTests {
    @Test func shorthandsAnsibleAccepts() throws {
        let text = """
            all:
              children:
                web:
                  hosts: web1
                empty:
                proxies:
                  children: edge
                edge:
                  hosts:
                    "edge[1:2]:8443":
                    '[2001:db8::5]:2200':
            """
        let inventory = try Inventory.parse(text, file: "inventory.yml")
        #expect(inventory.hosts.map(\.name) == ["web1", "edge1", "edge2", "2001:db8::5"])
        #expect(inventory.groups["empty"]?.hosts == [])
        #expect(inventory.groups["proxies"]?.children == ["edge"])
        #expect(inventory.variables(for: "edge2")["ansible_port"] == 8443)
        #expect(inventory.variables(for: "2001:db8::5")["ansible_port"] == 2200)
        #expect(inventory.groupNames(of: "edge1") == ["all", "proxies", "edge"])
    }

    @Test func yamlValuesKeepTheirTypes() throws {
        let text = """
            web:
              hosts:
                web1:
                  packages: [nginx, curl]
                  limits: {nofile: 65536}
                  enabled: yes
                  mode: "0644"
            """
        let vars = try #require(try Inventory.parse(text, file: "inventory.yml").host(named: "web1")?.vars)
        #expect(vars["packages"] == ["nginx", "curl"])
        #expect(vars["limits"] == ["nofile": 65536])
        #expect(vars["enabled"] == true)
        #expect(vars["mode"] == "0644")
    }

    @Test func mergeKeysApplyToGroupsAndHosts() throws {
        let text = """
            all:
              hosts:
                bastion: &host_defaults
                  ansible_user: deploy
                  ansible_port: 2222
              children:
                web: &web_group
                  hosts:
                    web1:
                      <<: *host_defaults
                      ansible_port: 2200
                  vars:
                    <<: {tier: front, color: blue}
                    color: green
                canary:
                  <<: *web_group
                  hosts:
                    web2: *host_defaults
            """
        let inventory = try Inventory.parse(text, file: "inventory.yml")
        #expect(inventory.variables(for: "web1")["ansible_user"] == "deploy")
        #expect(inventory.variables(for: "web1")["ansible_port"] == 2200)
        #expect(inventory.variables(for: "web2")["ansible_port"] == 2222)
        #expect(inventory.groups["web"]?.vars["color"] == "green")
        // `canary` takes web's vars through the merge and lists only its own hosts.
        #expect(inventory.groups["canary"]?.vars["tier"] == "front")
        #expect(inventory.groups["canary"]?.hosts == ["web2"])
    }

    @Test func everyProblemOfAFileIsReported() {
        let text = """
            all:
              children:
                web:
                  hots:
                    web1:
                db:
                  hosts:
                    "db;1":
                  childen:
            """
        do {
            _ = try Inventory.parse(text, file: "inventory.yml")
            Issue.record("expected errors")
        } catch {
            let summary = error.diagnostics.map { "\($0.mark?.line ?? 0):\($0.mark?.column ?? 0) \($0.kind)" }
            #expect(summary == ["4:7 unknownKey", "8:12 syntax", "9:7 unknownKey"])
            #expect(error.diagnostics.first?.hint == "did you mean 'hosts'?")
            #expect(error.diagnostics.last?.hint == "did you mean 'children'?")
        }
    }

    @Test func inventoryPluginsAreRefused() {
        do {
            _ = try Inventory.parse("plugin: amazon.aws.aws_ec2\nregions: [eu-west-1]\n", file: "aws_ec2.yml")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.map(\.kind) == [.other])
        }
    }

    @Test func deepNestingIsBounded() {
        var text = "all:\n"
        var indent = "  "
        for level in 0..<80 {
            text += "\(indent)children:\n\(indent)  g\(level):\n"
            indent += "    "
        }
        do {
            _ = try Inventory.parse(text, file: "deep.yml")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.map(\.kind) == [.limit])
        }
    }

    @Test func formatIsDetectedFromContentWithoutExtension() {
        #expect(Inventory.detectFormat(path: "hosts", text: "# comment\nall:\n  hosts:\n") == .yaml)
        #expect(Inventory.detectFormat(path: "hosts", text: "---\nweb: {}\n") == .yaml)
        #expect(Inventory.detectFormat(path: "hosts", text: "; comment\n[web]\nweb1\n") == .ini)
        #expect(Inventory.detectFormat(path: "hosts", text: "web1:2222 ansible_user=x\n") == .ini)
        #expect(Inventory.detectFormat(path: "hosts.yml", text: "[web]\n") == .yaml)
        #expect(Inventory.detectFormat(path: "hosts.ini", text: "all:\n") == .ini)
    }
}
