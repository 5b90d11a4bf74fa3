import Diagnostics
import Foundation
import Testing
import Values
import YAML

@Suite struct LoaderTests {
    @Test(arguments: ["", "# only a comment\n# and another\n", "\n\n   \n", "\u{FEFF}"])
    func inputWithoutContentHasNoDocument(_ text: String) throws {
        #expect(try YAMLLoader.load(text, file: "empty.yml") == nil)
        #expect(try YAMLLoader.loadAll(text, file: "empty.yml").isEmpty)
    }

    @Test func explicitEmptyDocumentIsNull() throws {
        let node = try #require(try YAMLLoader.load("---\n", file: "e.yml"))
        #expect(node.toValue() == .null)
    }

    @Test func scalarStylesAreKept() throws {
        let text = "p: plain\ns: 'single'\nd: \"double\"\nl: |\n  literal\nf: >\n  folded\n  text\n"
        let root = try #require(try YAMLLoader.load(text, file: "s.yml"))
        #expect(root["p"]?.scalar == Scalar("plain", style: .plain))
        #expect(root["s"]?.scalar == Scalar("single", style: .singleQuoted))
        #expect(root["d"]?.scalar == Scalar("double", style: .doubleQuoted))
        #expect(root["l"]?.scalar == Scalar("literal\n", style: .literal))
        #expect(root["f"]?.scalar == Scalar("folded text\n", style: .folded))
    }

    /// Ansible Vault values cannot be decrypted here: refused when read, at the tag.
    @Test func vaultValuesAreRefusedWhereTheyAre() {
        let text = "a: 1\nsecret: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6162\n"
        #expect {
            _ = try YAMLLoader.load(text, file: "vars.yml")
        } throws: { error in
            guard let list = error as? DiagnosticList, let first = list.diagnostics.first else { return false }
            return first.message.contains("!vault") && first.mark?.line == 2 && first.mark?.column == 9
        }
    }

    /// `!unsafe` text renders back to itself: it is wrapped so that templating never reads it.
    @Test func unsafeTextIsNeverTemplated() throws {
        let root = try #require(try YAMLLoader.load("a: !unsafe '{{ x }} {% endraw %}'\nb: !unsafe [x, '{# c #}']\nc: !unsafe plain\n", file: "t.yml"))
        #expect(root["a"]?.toValue() == .string("{% raw +%}{{ x }} {% end{% endraw +%}{% raw +%}raw %}{% endraw +%}"))
        #expect(root["b"]?.toValue() == .list(["x", "{% raw +%}{# c #}{% endraw +%}"]))
        #expect(root["c"]?.toValue() == "plain")
    }

    @Test func tagsAreKeptInTheirShortForm() throws {
        let text = """
            %TAG !e! tag:example.com,2000:
            ---
            secret: !unsafe |
              {{ literal }}
              6162
            raw: !unsafe '{{ not a template }}'
            core: !!str 12
            verbatim: !<tag:yaml.org,2002:int> "7"
            local: !e!thing x
            list: !!seq [a]
            """
        let root = try #require(try YAMLLoader.load(text, file: "t.yml"))
        #expect(root["secret"]?.tag == "!unsafe")
        #expect(root["secret"]?.scalar?.style == .literal)
        #expect(root["secret"]?.text == "{{ literal }}\n6162\n")
        #expect(root["raw"]?.tag == "!unsafe")
        #expect(root["core"]?.tag == "!!str")
        #expect(root["verbatim"]?.tag == "!!int")
        #expect(root["verbatim"]?.toValue() == 7)
        #expect(root["local"]?.tag == "tag:example.com,2000:thing")
        #expect(root["list"]?.tag == "!!seq")
        #expect(root["core"]?.toValue() == "12")
    }

    @Test func mappingOrderIsKept() throws {
        let root = try #require(try YAMLLoader.load("z: 1\na: 2\nm: 3\n", file: "o.yml"))
        #expect(root.mapping?.map { $0.key.text } == ["z", "a", "m"])
        #expect(root.toValue().dictValue?.keys == ["z", "a", "m"])
    }

    @Test func aliasesResolveToTheAnchoredNode() throws {
        let text = "base: &base {user: root, port: 22}\ncopy: *base\nlist: [&item x, *item, *item]\n"
        let root = try #require(try YAMLLoader.load(text, file: "a.yml"))
        #expect(root["copy"] == root["base"])
        #expect(root.toValue()["list"] == ["x", "x", "x"])
    }

    @Test func aRedefinedAnchorAppliesToLaterAliases() throws {
        let root = try #require(try YAMLLoader.load("a: &x 1\nb: *x\nc: &x 2\nd: *x\n", file: "a.yml"))
        #expect(root.toValue() == ["a": 1, "b": 1, "c": 2, "d": 2])
    }

    @Test func anchorsDoNotCrossDocuments() throws {
        let error = #expect(throws: DiagnosticList.self) {
            try YAMLLoader.loadAll("a: &x 1\n---\nb: *x\n", file: "docs.yml")
        }
        #expect(error?.diagnostics.first?.kind == .undefined)
        #expect(error?.diagnostics.first?.mark?.line == 3)
    }

    @Test func loadAllReturnsEveryDocument() throws {
        let documents = try YAMLLoader.loadAll("- a\n---\nb: 1\n--- plain\n...\n", file: "docs.yml")
        #expect(documents.map { $0.toValue() } == [["a"], ["b": 1], "plain"])
    }

    @Test func secondDocumentAfterExplicitEndIsRefused() throws {
        let error = #expect(throws: DiagnosticList.self) {
            try YAMLLoader.load("a: 1\n...\n---\nb: 2\n", file: "two.yml")
        }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.mark == Mark(file: "two.yml", line: 3, column: 1))
        #expect(diagnostic.message.contains("second"))
    }

    @Test func byteOrderMarksAndUTF16AreDecoded() throws {
        let utf8 = try YAMLLoader.load(bytes: [0xEF, 0xBB, 0xBF] + Array("a: é\n".utf8), file: "bom.yml")
        #expect(utf8?.toValue() == ["a": "é"])
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in "a: é\n".utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let decoded = try YAMLLoader.load(bytes: utf16, file: "utf16.yml")
        #expect(decoded?.toValue() == ["a": "é"])
    }

    @Test func invalidUTF8InBytesIsAnEncodingError() throws {
        let error = #expect(throws: DiagnosticList.self) {
            try YAMLLoader.load(bytes: Array("ok: 1\nname: caf".utf8) + [0xE9] + Array("\n".utf8), file: "l1.yml")
        }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.kind == .encoding)
        #expect(diagnostic.mark == Mark(file: "l1.yml", line: 2, column: 10))
    }

    @Test func duplicateKeysAndALaterSyntaxErrorAreReportedTogether() throws {
        let error = #expect(throws: DiagnosticList.self) {
            try YAMLLoader.load("a: 1\na: 2\nb: [1, 2\n", file: "both.yml")
        }
        #expect(error?.diagnostics.map(\.kind) == [.duplicateKey, .syntax])
        #expect(error?.diagnostics.first?.notes.first?.mark == Mark(file: "both.yml", line: 1, column: 1))
    }

    @Test func missingFileAndDirectoryAreIOErrors() throws {
        for path in ["/nonexistent/site.yml", NSTemporaryDirectory()] {
            let error = #expect(throws: DiagnosticList.self) { try YAMLLoader.loadFile(path) }
            #expect(error?.diagnostics.first?.kind == .io)
            #expect(error?.diagnostics.first?.mark?.file == path)
        }
    }

    @Test func fileLoadsWithItsPathInEveryMark() throws {
        let path = Fixtures.path("malformed/duplicate-key-nested.yml")
        let error = #expect(throws: DiagnosticList.self) { try YAMLLoader.loadFile(path) }
        #expect(error?.diagnostics.allSatisfy { $0.mark?.file == path } == true)
        #expect(error?.diagnostics.first?.notes.allSatisfy { $0.mark.file == path } == true)
    }

    @Test func diagnosticsPrintLikeACompiler() throws {
        let source = "- name: x\n  apt: name: nginx\n"
        let error = #expect(throws: DiagnosticList.self) { try YAMLLoader.load(source, file: "site.yml") }
        let printer = DiagnosticPrinter(useColor: false, readSource: { _ in source })
        let rendered = printer.render(error?.diagnostics ?? [])
        #expect(rendered.hasPrefix("site.yml:2:12: error: mapping values are not allowed here\n"))
        #expect(rendered.contains("   2 |   apt: name: nginx\n     |            ^\n"))
        #expect(rendered.contains("hint: quote the value if it contains ': '"))
    }
}
