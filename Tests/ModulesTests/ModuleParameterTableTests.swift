import Modules
import Testing
import Values

/// The ansible-core parameter tables behind `invocation.module_args`: every argument a
/// ModuleSpec accepts has its place in its module's table, and the table fills the arguments
/// in as ansible-core's modules do.
@Suite struct ModuleParameterTableTests {
    @Test func everySpecArgumentIsNamedByItsTable() {
        for module in ModuleRegistry.all {
            guard let table = ModuleParameterTable.forModule(module.spec.name) else { continue }
            let known = table.knownNames
            for argument in module.spec.arguments {
                let names = [argument.name] + argument.aliases
                #expect(
                    names.contains(where: known.contains),
                    "\(module.spec.name): argument '\(argument.name)' is not in its parameter table")
            }
        }
    }

    @Test func tablesBelongToModulesThatRunOnTheTarget() {
        let byName = Dictionary(uniqueKeysWithValues: ModuleRegistry.all.map { ($0.spec.name, $0.spec) })
        for name in ModuleParameterTable.tables.keys {
            let spec = byName[name]
            #expect(spec != nil, "table '\(name)' names no module")
            #expect(spec?.runsOnController != true, "'\(name)' runs on the controller: ansible-core reports no invocation")
        }
        for name in ["debug", "set_fact", "assert", "fail", "raw", "script", "fetch", "meta", "include_vars"] {
            #expect(ModuleParameterTable.forModule(name) == nil, "\(name) has no module_args in ansible-core")
        }
    }

    /// Aliases and renamed arguments resolve to parameters of the same table.
    @Test func aliasesPointAtParameters() {
        for (name, table) in ModuleParameterTable.tables {
            for parameter in table.aliases.keys {
                #expect(table.parameters.contains(parameter), "\(name): alias target '\(parameter)' is no parameter")
            }
            for target in table.renamed.values {
                #expect(table.parameters.contains(target), "\(name): '\(target)' is no parameter")
            }
        }
    }

    @Test func givenArgumentsFirstThenDefaultsThenNulls() throws {
        let table = try #require(ModuleParameterTable.forModule("command"))
        let given: [ModuleParameterTable.GivenArgument] = [("chdir", "/tmp"), ("cmd", "ls -l")]
        let arguments = table.moduleArguments(
            given: given, normalized: ["chdir": "/tmp", "cmd": "ls -l"], spec: .command)
        #expect(arguments.keys == [
            "chdir", "_raw_params", "_uses_shell", "expand_argument_vars", "stdin_add_newline", "strip_empty_ends",
            "argv", "executable", "creates", "removes", "stdin",
        ])
        #expect(arguments["_raw_params"] == "ls -l")
        #expect(arguments["_uses_shell"] == false)
        #expect(arguments["stdin"] == .null)
    }

    /// An alias keeps the value as written; its parameter follows the given ones, converted.
    @Test func aliasKeepsTheWrittenValue() throws {
        let table = try #require(ModuleParameterTable.forModule("apt"))
        let arguments = table.moduleArguments(
            given: [("name", "nginx"), ("update_cache", "yes")],
            normalized: ["name": ["nginx"], "update_cache": true], spec: .apt)
        #expect(Array(arguments.keys.prefix(3)) == ["name", "update_cache", "package"])
        #expect(arguments["name"] == "nginx")
        #expect(arguments["package"] == ["nginx"])
        #expect(arguments["update_cache"] == true)
        #expect(arguments["state"] == "present")
        #expect(arguments["deb"] == .null)
        // apt turns its default `upgrade: no` into null before it answers; other values stay.
        #expect(arguments["upgrade"] == .null)
        let upgrading = table.moduleArguments(given: [("upgrade", "dist")], normalized: ["upgrade": "dist"], spec: .apt)
        #expect(upgrading["upgrade"] == "dist")
    }

    @Test func noLogParametersAreMasked() throws {
        let table = try #require(ModuleParameterTable.forModule("user"))
        let arguments = table.moduleArguments(
            given: [("name", "alice"), ("password", "$6$secret")],
            normalized: ["name": "alice", "password": "$6$secret"], spec: .user, hostName: "h1")
        #expect(arguments["password"] == ModuleParameterTable.maskedValue)
        #expect(arguments["ssh_key_passphrase"] == .null)
        #expect(arguments["ssh_key_comment"] == "ansible-generated on h1")
    }

    @Test func injectedParametersKeepTheirPlace() throws {
        let table = try #require(ModuleParameterTable.forModule("copy"))
        let arguments = table.moduleArguments(
            given: [("src", "files/a.conf"), ("dest", "/etc/a.conf")],
            normalized: ["src": "files/a.conf", "dest": "/etc/a.conf"], spec: .copy,
            injected: ["src": "/tmp/x/.source.conf", "_original_basename": "a.conf", "checksum": "abc"])
        #expect(Array(arguments.keys.prefix(5)) == ["src", "dest", "_original_basename", "checksum", "backup"])
        #expect(arguments["src"] == "/tmp/x/.source.conf")
        #expect(arguments["content"] == .null)
    }
}
