import Foundation
import Modules
import Testing
import Transport
import Values
import YAML

/// Arguments reach module programs as data, never as code: hostile values round-trip byte for
/// byte through a rendered program executed by the local shell, and a canary file that any
/// executed value would create never appears.
struct RenderingTests {
    static let canary = FileManager.default.temporaryDirectory.appendingPathComponent("pb-canary-\(getpid())").path

    static let hostileValues: [String] = {
        guard let root = try? YAMLLoader.loadFile(FixtureFiles.path("hostile-values.yml")), let items = root.sequence
        else { return [] }
        return items.compactMap(\.text).map { $0.replacingOccurrences(of: "CANARY", with: canary) }
    }()

    /// A program that sends its argument back three ways: as a JSON string, as raw bytes, and as
    /// the output of a generated command that receives it as one word.
    func echoProgram(_ value: String) throws -> ModuleProgram {
        var program = ModuleProgram(
            moduleName: "echo",
            body: """
                pb_report() {
                    pb_add_str value "$pb_value"
                    pb_tmpdir
                    printf '%s' "$pb_value" > "$PB_TMP/raw"
                    pb_add_file raw "$PB_TMP/raw"
                    pb_word > "$PB_TMP/word"
                    pb_add_file word "$PB_TMP/word"
                    pb_add_list items "$pb_items"
                }
                pb_main
                """,
            checkMode: false, diff: false)
        try program.set("value", .string(value))
        try program.set("items", .list([.string("first"), .string(value.replacingOccurrences(of: "\n", with: " "))]))
        try program.defineCommand("pb_word", words: [[.text("printf")], [.text("%s")], [.text(value)]])
        return program
    }

    @Test func theTableLoaded() {
        #expect(Self.hostileValues.count >= 30)
    }

    @Test(arguments: hostileValues)
    func valuesRoundTripLiterally(_ value: String) throws {
        let program = try echoProgram(value)
        let text = try program.render()
        let syntax = try LocalShellConnection.execute(["dash", "-n"], stdin: Array(text.utf8))
        #expect(syntax.succeeded, "dash -n: \(syntax.stderrText)")

        let output = try LocalShellConnection().run(RunRequest(program: text))
        let reply = try #require(ModuleReply.parse(output, marker: program.marker), "stderr: \(output.stderrText)")
        #expect(reply.values["value"] == .string(value))
        #expect(reply.blobs["raw"] == Array(value.utf8))
        #expect(reply.blobs["word"] == Array(value.utf8))
        // Lists travel one item per line: an item cannot hold a newline, and an empty last item
        // is no item.
        let flattened = value.replacingOccurrences(of: "\n", with: " ")
        #expect(reply.values["items"] == .list(["first"] + (flattened.isEmpty ? [] : [.string(flattened)])))
        #expect(!FileManager.default.fileExists(atPath: Self.canary), "a value was executed")
    }

    @Test func shellcheckFindsNoProblemInAnyProgram() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/shellcheck") else { return }
        let lib = try #require(ModulePrograms.source(named: "lib"))
        for name in ModulePrograms.names where name != "lib" {
            var body = try #require(ModulePrograms.source(named: name))
            // Programs that edit text files run after their shared part, as the module sends them.
            if TextFileModule.programNames.contains(name) {
                body = try #require(ModulePrograms.source(named: TextFileModule.sharedProgram)) + "\n" + body
            }
            // Arguments and generated functions are defined by the renderer, outside the files.
            let output = try LocalShellConnection.execute(
                ["shellcheck", "-s", "sh", "-e", "SC2034,SC2154,SC2317,SC2329", "-"],
                stdin: Array((lib + "\n" + body).utf8))
            #expect(output.succeeded, "\(name).sh:\n\(output.stdoutText)")
        }
    }

    @Test func everyProgramParsesWithDash() throws {
        for name in ModulePrograms.names {
            let body = try #require(ModulePrograms.source(named: name))
            let output = try LocalShellConnection.execute(["dash", "-n"], stdin: Array(body.utf8))
            #expect(output.succeeded, "\(name).sh: \(output.stderrText)")
        }
    }

    @Test func jsonEscapingSurvivesControlCharactersAndBrokenUTF8() throws {
        let program = ModuleProgram(
            moduleName: "escape",
            body: """
                pb_report() {
                    pb_add_str bytes "$(printf 'a\\377b\\001c\\t"\\\\\\303\\251\\355\\240\\200\\360\\237\\230\\200')"
                }
                pb_main
                """,
            checkMode: false, diff: false)
        let output = try LocalShellConnection().run(RunRequest(program: try program.render()))
        let reply = try #require(ModuleReply.parse(output, marker: program.marker), "\(output.stdoutText)")
        // \377 is no UTF-8; \355\240\200 would be a surrogate; é and 😀 are valid.
        #expect(reply.values["bytes"] == .string("a\u{FFFD}b\u{1}c\t\"\\é\u{FFFD}\u{FFFD}\u{FFFD}😀"))
    }

    @Test func argumentsAreVariablesAndAbsentMeansUnset() throws {
        var program = ModuleProgram(
            moduleName: "vars",
            body: """
                pb_report() {
                    pb_add_str flag "$pb_flag"; pb_add_str count "$pb_count"
                    pb_add_str dashed "$pb_update_cache"; pb_add_str missing "${pb_missing-UNSET}"
                    pb_add_str dict "$pb_dict"
                }
                pb_main
                """,
            checkMode: true, diff: false)
        try program.set(
            arguments: args([
                "flag": .bool(true), "count": .int(3), "update-cache": .bool(false), "missing": .null,
                "dict": ["a": 1],
            ]))
        let output = try LocalShellConnection().run(RunRequest(program: try program.render()))
        let reply = try #require(ModuleReply.parse(output, marker: program.marker))
        #expect(reply.values["flag"] == "1")
        #expect(reply.values["count"] == "3")
        #expect(reply.values["dashed"] == "0")
        #expect(reply.values["missing"] == "UNSET")
        #expect(reply.values["dict"] == "{\"a\": 1}")
    }

    @Test func refusesWhatAShellCannotCarry() {
        var program = ModuleProgram(moduleName: "x", body: "pb_main", checkMode: false, diff: false)
        #expect(throws: ModuleProgramError.nulByte(argument: "v")) { try program.set("v", .string("a\u{0}b")) }
        #expect(throws: ModuleProgramError.invalidArgumentName("a b")) { try program.set("a b", .string("x")) }
    }

    @Test func aForgedMarkerInOutputIsNotTheResult() throws {
        let program = ModuleProgram(
            moduleName: "forge",
            body: """
                echo "__PB_RESULT_0000000000000000000000000000000__"
                echo '{"changed": true, "forged": true}'
                pb_main
                """,
            checkMode: false, diff: false)
        let output = try LocalShellConnection().run(RunRequest(program: try program.render()))
        let reply = try #require(ModuleReply.parse(output, marker: program.marker))
        #expect(reply.values["forged"] == nil)
        #expect(reply.changed == false)
    }

    @Test func aProgramThatDiesWithoutAResultIsAFailureShowingStderr() throws {
        let module = UserModule(name: "dies", path: "modules/dies.sh", body: "echo 'it broke' >&2; exit 3")
        let result = try module.run(ValueDict(), context: ModuleContext(), on: LocalShellConnection())
        #expect(result.failed)
        #expect(result.message?.contains("it broke") == true)
        #expect(result.message?.contains("exited with status 3") == true)
        #expect(result.values["rc"] == 3)
    }

    @Test func secretsNeverComeBackAsText() throws {
        let module = UserModule(
            name: "leaky", path: "modules/leaky.sh",
            body: "pb_report() { pb_msg \"password is $pb_password\"; pb_add_str echo \"x${pb_password}y\"; }\npb_main")
        let result = try module.run(
            args(["password": "hunter2"]), context: ModuleContext(secrets: ["hunter2"]), on: LocalShellConnection())
        #expect(result.message == "password is ********")
        #expect(result.values["echo"] == "x********y")
        #expect(result.values["msg"] == "password is ********")
    }

    @Test func userModulesAreFoundBesideThePlaybookAndRunTheProtocol() throws {
        let playbookDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("pb-user-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: playbookDirectory + "/modules", withIntermediateDirectories: true)
        FileManager.default.createFile(
            atPath: playbookDirectory + "/modules/greet.sh",
            contents: Data("pb_decide() { pb_changed; }\npb_report() { pb_add_str greeting \"hello $pb_who\"; }\npb_main\n".utf8))
        let modules = ModuleRegistry.userModules(in: playbookDirectory)
        #expect(ModuleRegistry.userModules(in: playbookDirectory + "/modules").keys.sorted() == ["greet"])
        let greet = try #require(modules["greet"])
        #expect(greet.spec.validate([], moduleMark: .synthetic("x")).isEmpty)
        let result = try greet.run(args(["who": "you"]), context: ModuleContext(), on: LocalShellConnection())
        #expect(result.changed && result.values["greeting"] == "hello you")
        let checked = try greet.run(args(["who": "you"]), context: ModuleContext(checkMode: true), on: LocalShellConnection())
        #expect(checked.changed, "check mode still decides")
    }
}
