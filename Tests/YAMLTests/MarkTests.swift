import Diagnostics
import Testing
import YAML

/// Every node knows its 1-based line and column, however deeply it is nested.
@Suite struct MarkTests {
    static let playbook = """
        # a comment line
        - name: Web servers
          hosts: web
          tasks:
            - name: Install nginx
              apt:
                name: nginx
                state: present
            - name: Flow style
              copy: {dest: /etc/motd, content: "hi"}
              loop: [one, 'two', "three"]
        """

    func load() throws -> Node {
        try #require(try YAMLLoader.load(Self.playbook, file: "site.yml"))
    }

    func mark(_ line: Int, _ column: Int) -> Mark {
        Mark(file: "site.yml", line: line, column: column)
    }

    @Test func rootAndPlayMarks() throws {
        let root = try load()
        #expect(root.mark == mark(2, 1))
        let play = try #require(root.sequence?.first)
        #expect(play.mark == mark(2, 3))
        let name = try #require(play.mapping?.first)
        #expect(name.key.mark == mark(2, 3))
        #expect(name.value.mark == mark(2, 9))
        #expect(play["hosts"]?.mark == mark(3, 10))
    }

    @Test func nestedBlockMarks() throws {
        let tasks = try #require(try load().sequence?.first?["tasks"]?.sequence)
        #expect(tasks[0].mark == mark(5, 7))
        let apt = try #require(tasks[0]["apt"])
        #expect(apt.mark == mark(7, 9))
        #expect(apt["name"]?.mark == mark(7, 15))
        #expect(apt["state"]?.mark == mark(8, 16))
        #expect(apt.mapping?[1].key.mark == mark(8, 9))
    }

    @Test func flowCollectionMarks() throws {
        let task = try #require(try load().sequence?.first?["tasks"]?.sequence?[1])
        let copy = try #require(task["copy"])
        #expect(copy.mark == mark(10, 13))
        #expect(copy["dest"]?.mark == mark(10, 20))
        #expect(copy["content"]?.mark == mark(10, 40))
        let loop = try #require(task["loop"]?.sequence)
        #expect(loop.map(\.mark) == [mark(11, 14), mark(11, 19), mark(11, 26)])
        #expect(loop.map { $0.scalar?.style } == [.plain, .singleQuoted, .doubleQuoted])
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let root = try #require(try YAMLLoader.load("café: [é, ü]\n", file: "u.yml"))
        let list = try #require(root["café"]?.sequence)
        #expect(list.map(\.mark.column) == [8, 11])
    }

    @Test func aliasCopiesKeepTheAnchorsMarks() throws {
        let root = try #require(try YAMLLoader.load("a: &x {k: v}\nb: *x\n", file: "a.yml"))
        // A node starts at its properties: the anchor `&x`, not the `{`.
        #expect(root["b"]?.mark == Mark(file: "a.yml", line: 1, column: 4))
        #expect(root["b"] == root["a"])
    }

    @Test func marksInLaterDocumentsCountFromTheStreamStart() throws {
        let documents = try YAMLLoader.loadAll("a: 1\n---\nb: 2\n", file: "multi.yml")
        #expect(documents.count == 2)
        #expect(documents[1]["b"]?.mark == Mark(file: "multi.yml", line: 3, column: 4))
    }

    @Test func windowsLineEndingsCountAsOneBreak() throws {
        let root = try #require(try YAMLLoader.load("a: 1\r\nb:\r\n  c: 2\r\n", file: "crlf.yml"))
        #expect(root["b"]?["c"]?.mark == Mark(file: "crlf.yml", line: 3, column: 6))
    }
}
