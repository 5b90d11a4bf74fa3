import Diagnostics
import Testing
import Values

@testable import Executor

/// `-e`: key=value words (strings, quotes honoured), JSON or YAML mappings, `@file`, merged left
/// to right; every bad argument reported, each with where it came from.
struct ExtraVarsTests {
    @Test func keyValueWordsAreStringsWithQuotesHonoured() throws {
        let vars = try ExtraVars.parse([#"version=1.2 replicas=3 msg="two words" path='/srv/my app' esc=a\ b empty="#])
        #expect(vars["version"] == "1.2")
        #expect(vars["replicas"] == "3", "k=v values stay strings, as in Ansible")
        #expect(vars["msg"] == "two words")
        #expect(vars["path"] == "/srv/my app")
        #expect(vars["esc"] == "a b")
        #expect(vars["empty"] == "")
        #expect(vars.keys.sorted() == ["empty", "esc", "msg", "path", "replicas", "version"])
    }

    @Test func aValueMayContainEqualsSigns() throws {
        let vars = try ExtraVars.parse(["opts=--x=1 --y=2", "url='http://h/?a=b'"])
        #expect(vars["opts"] == "--x=1", "an unquoted space ends the value")
        #expect(vars["url"] == "http://h/?a=b")
    }

    @Test func jsonAndYAMLMappingsKeepTheirTypes() throws {
        let json = try ExtraVars.parse([#"{"replicas": 3, "canary": true, "zones": ["a", "b"], "limits": {"cpu": 1.5}}"#])
        #expect(json["replicas"] == .int(3))
        #expect(json["canary"] == .bool(true))
        #expect(json["zones"] == .list(["a", "b"]))
        #expect(json["limits"]?["cpu"] == .double(1.5))
        let yaml = try ExtraVars.parse(["{replicas: 4, name: web}"])
        #expect(yaml["replicas"] == .int(4))
        #expect(yaml["name"] == "web")
    }

    @Test func filesAreReadAsYAMLOrJSON() throws {
        let vars = try ExtraVars.parse(["@" + FixtureFiles.path("extra-vars/deploy.yml")])
        #expect(vars["release"] == "2.4.1")
        #expect(vars["replicas"] == .int(3))
        #expect(vars["features"] == .list(["search", "export"]))
        let json = try ExtraVars.parse(["@" + FixtureFiles.path("extra-vars/deploy.json")])
        #expect(json["canary"] == .bool(true))
        #expect(json["limits"]?["cpu"] == .int(2))
    }

    @Test func laterArgumentsWinKeyByKey() throws {
        let vars = try ExtraVars.parse([
            "@" + FixtureFiles.path("extra-vars/deploy.yml"), "release=9.9", #"{"replicas": 7}"#, "release=10",
        ])
        #expect(vars["release"] == "10")
        #expect(vars["replicas"] == .int(7))
        #expect(vars["features"] == .list(["search", "export"]), "keys not named again are kept")
    }

    @Test func anEmptyArgumentAddsNothing() throws {
        #expect(try ExtraVars.parse(["", "  "]).isEmpty)
    }

    @Test func everyBadArgumentIsReportedWithItsOrigin() {
        let arguments = [
            "standalone", "ok=1", "{unclosed: [1, 2}", "@" + FixtureFiles.path("extra-vars/list.yml"),
            "@" + FixtureFiles.path("extra-vars/no-such-file.yml"), "@" + FixtureFiles.path("extra-vars/broken.yml"),
        ]
        var diagnostics: [Diagnostic] = []
        do {
            _ = try ExtraVars.parse(arguments)
            Issue.record("bad extra vars were accepted")
        } catch {
            diagnostics = error.diagnostics
        }
        #expect(diagnostics.count == 5, "\(diagnostics.map(\.description))")
        let texts = diagnostics.map(\.description)
        #expect(texts.contains { $0.contains("'standalone' is not key=value") && $0.contains("--extra-vars #1") })
        #expect(diagnostics.first?.hint?.contains("-e name=value") == true)
        #expect(texts.contains { $0.contains("--extra-vars #3") }, "the malformed mapping names its argument")
        #expect(texts.contains { $0.contains("list.yml") && $0.contains("mapping") })
        #expect(texts.contains { $0.contains("no-such-file.yml") })
        #expect(texts.contains { $0.contains("broken.yml:") }, "a YAML error in a file points into the file")
        #expect(diagnostics.allSatisfy { $0.severity == .error })
    }
}
