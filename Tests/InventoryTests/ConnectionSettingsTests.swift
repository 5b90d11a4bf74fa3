import Diagnostics
import Testing
import Values

@testable import Inventory

@Suite struct ConnectionSettingsTests {
    func variables(_ value: Value) -> ValueDict { value.dictValue ?? ValueDict() }

    @Test func defaultsComeFromTheInventoryName() throws {
        let settings = try ConnectionSettings(vars: ValueDict(), inventoryHostname: "web1")
        #expect(settings.host == "web1")
        #expect(settings.port == 22)
        #expect(settings.user == nil)
        #expect(settings.connection == .ssh)
        #expect(settings.become == nil)
    }

    @Test func everyVariableAndAlias() throws {
        let vars = variables([
            "inventory_hostname": "web1", "ansible_ssh_host": "10.0.0.5", "ansible_ssh_port": "2222",
            "ansible_ssh_user": "ops", "ansible_ssh_pass": "s3cret", "ansible_ssh_private_key_file": "/keys/id",
            "ansible_connection": "smart", "ansible_become": "yes", "ansible_become_user": "postgres",
            "ansible_become_method": "su", "ansible_become_pass": "hunter2", "ansible_timeout": 15,
            "ansible_ssh_common_args": "-o ProxyJump=bastion",
        ])
        let settings = try ConnectionSettings(vars: vars)
        #expect(settings.host == "10.0.0.5")
        #expect(settings.port == 2222)
        #expect(settings.user == "ops")
        #expect(settings.password == "s3cret")
        #expect(settings.privateKeyFile == "/keys/id")
        #expect(settings.connection == .ssh)
        #expect(settings.become == true)
        #expect(settings.becomeUser == "postgres")
        #expect(settings.becomeMethod == "su")
        #expect(settings.becomePassword == "hunter2")
        #expect(settings.timeout == 15)
        #expect(!settings.description.contains("s3cret"))
        #expect(!settings.description.contains("hunter2"))
        #expect(settings.description.contains("password=********"))
    }

    @Test func theLaterAliasWinsLikeAnsible() throws {
        let vars = variables(["ansible_host": "a.example.com", "ansible_ssh_host": "b.example.com"])
        #expect(try ConnectionSettings(vars: vars, inventoryHostname: "x").host == "b.example.com")
    }

    @Test func localConnectionNeedsNoAddress() throws {
        let settings = try ConnectionSettings(vars: variables(["ansible_connection": "local"]))
        #expect(settings.connection == .local)
        #expect(settings.host == "localhost")
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        var name: String
        var vars: Value
        var kind: Diagnostic.Kind
        var hint: String?
        var testDescription: String { name }
    }

    static let badCases: [BadCase] = [
        BadCase(name: "port as text", vars: ["ansible_port": "twenty-two"], kind: .wrongType),
        BadCase(name: "port zero", vars: ["ansible_port": 0], kind: .wrongType),
        BadCase(name: "port too large", vars: ["ansible_port": 65536], kind: .wrongType),
        BadCase(name: "port as list", vars: ["ansible_port": [22]], kind: .wrongType),
        BadCase(name: "rendered host with a command", vars: ["ansible_host": "h;reboot"], kind: .syntax),
        BadCase(name: "rendered user with a space", vars: ["ansible_user": "root x"], kind: .syntax),
        BadCase(name: "option injection", vars: ["ansible_host": "-oProxyCommand=x"], kind: .syntax),
        BadCase(name: "empty host", vars: ["ansible_host": ""], kind: .wrongType),
        BadCase(name: "become not a boolean", vars: ["ansible_become": "maybe"], kind: .wrongType),
        BadCase(
            name: "unknown connection", vars: ["ansible_connection": "sssh"], kind: .badChoice,
            hint: "did you mean 'ssh'?"),
        BadCase(
            name: "unknown become method", vars: ["ansible_become_method": "sduo"], kind: .badChoice,
            hint: "did you mean 'sudo'?"),
        BadCase(name: "timeout negative", vars: ["ansible_timeout": -1], kind: .wrongType),
    ]

    @Test(arguments: badCases)
    func rejectsBadValues(_ bad: BadCase) {
        let mark = Mark(file: "inventory.ini", line: 2, column: 1)
        do {
            _ = try ConnectionSettings(vars: bad.vars.dictValue ?? ValueDict(), inventoryHostname: "web1", mark: mark)
            Issue.record("accepted \(bad.vars)")
        } catch {
            #expect(error.kind == bad.kind)
            #expect(error.mark == mark)
            if let hint = bad.hint { #expect(error.hint == hint) }
        }
    }
}
