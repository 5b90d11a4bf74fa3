import Diagnostics
import Testing
import Values

@testable import Inventory

@Suite struct INIInventoryTests {
    static let expected = FixtureFiles.json("ini/structure.expected.json")

    func loadStructure() -> Inventory? {
        FixtureFiles.load([FixtureFiles.path("ini/structure.ini")]).inventory
    }

    @Test func hostsComeInDefinitionOrderWithRangesExpanded() throws {
        let inventory = try #require(loadStructure())
        let names = Self.expected["hosts"]?.listValue?.compactMap(\.stringValue)
        #expect(inventory.hosts.map(\.name) == names)
    }

    @Test func groupsChildrenAndMembership() throws {
        let inventory = try #require(loadStructure())
        for (name, children) in Self.expected["groups"]?.dictValue ?? ValueDict() {
            let group = try #require(inventory.groups[name], "missing group \(name)")
            #expect(group.children == children.listValue?.compactMap(\.stringValue), "children of \(name)")
        }
        for (name, hosts) in Self.expected["groupHosts"]?.dictValue ?? ValueDict() {
            #expect(inventory.groups[name]?.hosts == hosts.listValue?.compactMap(\.stringValue), "hosts of \(name)")
        }
        for (host, groups) in Self.expected["groupNames"]?.dictValue ?? ValueDict() {
            #expect(inventory.groupNames(of: host) == groups.listValue?.compactMap(\.stringValue), "groups of \(host)")
        }
    }

    @Test func inlineValuesAreTypedLikeAnsible() throws {
        let inventory = try #require(loadStructure())
        for (host, variables) in Self.expected["variables"]?.dictValue ?? ValueDict() {
            #expect(.dict(inventory.variables(for: host)) == variables, "variables of \(host)")
        }
    }

    @Test func definitionMarksPointAtTheSource() throws {
        let inventory = try #require(loadStructure())
        let web04 = try #require(inventory.host(named: "web04"))
        #expect(web04.mark?.line == 13)
        #expect(web04.mark?.column == 1)
        #expect(inventory.groups["db"]?.mark?.line == 15)
        #expect(inventory.groups["db"]?.mark?.column == 2)
    }

    @Test func laterSourcesAddGroupsAndOverrideVariables() throws {
        let first = """
            [web]
            web1 color=red size=1
            [web:vars]
            tier=front
            """
        let second = """
            [web]
            web1 color=blue
            [canary]
            web1
            [web:vars]
            tier=edge
            """
        let directory = try TemporaryDirectory()
        let paths = [directory.write("first.ini", first), directory.write("second.ini", second)]
        let inventory = try #require(FixtureFiles.load(paths).inventory)
        #expect(inventory.host(named: "web1")?.groups == ["web", "canary"])
        #expect(inventory.variables(for: "web1")["color"] == "blue")
        #expect(inventory.variables(for: "web1")["size"] == 1)
        #expect(inventory.variables(for: "web1")["tier"] == "edge")
    }

    @Test func commaSeparatedHostList() throws {
        let inventory = try #require(FixtureFiles.load(["web1, web2:2222,db[1:2],"]).inventory)
        #expect(inventory.hosts.map(\.name) == ["web1", "web2", "db1", "db2"])
        #expect(inventory.variables(for: "web2")["ansible_port"] == 2222)
        #expect(inventory.groupNames(of: "db2") == ["all", "ungrouped"])
    }

    @Test func hostileNameInAHostListIsRejected() {
        guard case .failure(let list) = FixtureFiles.load(["web1,web2;reboot,"]) else {
            Issue.record("expected an error")
            return
        }
        #expect(list.diagnostics.map { "\($0.mark?.column ?? 0) \($0.kind)" } == ["10 syntax"])
    }
}

/// `ast.literal_eval` as Ansible applies it to INI values, checked against CPython's answers.
struct LiteralRow: CustomTestStringConvertible, Sendable {
    var input: String
    var expected: Value
    var testDescription: String { input.isEmpty ? "<empty>" : input }

    static let all: [LiteralRow] = FixtureFiles.text("literals.txt").split(separator: "\n").compactMap { line in
        guard !line.hasPrefix("#"), let tab = line.firstIndex(of: "\t") else { return nil }
        guard let expected = try? JSON.parse(String(line[line.index(after: tab)...])) else { return nil }
        return LiteralRow(input: String(line[..<tab]), expected: expected)
    }
}

@Suite struct PythonLiteralTests {
    @Test func tableIsLoaded() {
        #expect(LiteralRow.all.count > 50)
    }

    @Test(arguments: LiteralRow.all)
    func literal(_ row: LiteralRow) {
        #expect(INIInventoryParser.literal(row.input) == row.expected)
    }

    @Test func deepNestingStaysText() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(INIInventoryParser.literal(deep) == .string(deep))
    }

    @Test func quotedHostValuesStayStrings() throws {
        let inventory = try Inventory.parse(
            #"web1 a=1 b="1" c='True' d=True e="a b" f=x\ y g=[1,2] h='[1,2]' url=http://x/#frag"#, file: "t.ini")
        let vars = try #require(inventory.host(named: "web1")?.vars)
        #expect(vars["a"] == 1)
        #expect(vars["b"] == "1")
        #expect(vars["c"] == "True")
        #expect(vars["d"] == true)
        #expect(vars["e"] == "a b")
        #expect(vars["f"] == "x y")
        #expect(vars["g"] == [1, 2])
        #expect(vars["h"] == "[1,2]")
        // Python's shlex: an unquoted '#' starts a comment even inside a word.
        #expect(vars["url"] == "http://x/")
    }
}
