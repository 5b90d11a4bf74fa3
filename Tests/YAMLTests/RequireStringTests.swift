import Diagnostics
import Testing
import YAML

/// `requireString` refuses exactly the unquoted values that YAML 1.1 would silently retype.
@Suite struct RequireStringTests {
    struct Row: Sendable, CustomStringConvertible {
        var key: String
        var text: String
        /// The accepted string, or nil when a diagnostic is expected.
        var accepted: String?
        var kind: Diagnostic.Kind?
        var messagePart: String = ""
        var hint: String?
        var description: String { "\(key): \(text)" }

        static func ok(_ key: String, _ text: String, _ accepted: String) -> Row {
            Row(key: key, text: text, accepted: accepted)
        }

        static func refused(
            _ key: String, _ text: String, _ kind: Diagnostic.Kind, _ messagePart: String, hint: String? = nil
        ) -> Row {
            Row(key: key, text: text, accepted: nil, kind: kind, messagePart: messagePart, hint: hint)
        }
    }

    static let rows: [Row] = [
        .ok("name", "nginx", "nginx"),
        .ok("name", "2", "2"),
        .ok("version", "1.0", "1.0"),
        .ok("version", "1.10", "1.10"),
        .ok("port", "0x1F", "0x1F"),
        .ok("time", "1:30", "1:30"),
        .ok("mode", "\"0644\"", "0644"),
        .ok("mode", "'0755'", "0755"),
        .ok("mode", "u=rw,g=r,o=r", "u=rw,g=r,o=r"),
        .ok("mode", "0", "0"),
        .ok("mode", "09", "09"),
        .ok("answer", "\"yes\"", "yes"),
        .ok("answer", "y", "y"),
        .ok("answer", "n", "n"),
        .ok("name", "!!str 0644", "0644"),
        .ok("name", "!!str yes", "yes"),
        .ok("password", "!unsafe secret-blob", "secret-blob"),
        .ok("content", "|\n  line one\n  line two", "line one\nline two\n"),
        .ok("empty", "\"\"", ""),
        .ok("path", "/etc/nginx/nginx.conf", "/etc/nginx/nginx.conf"),
        .refused("mode", "0644", .ambiguousValue, "reads as 420", hint: "quote it: mode: \"0644\""),
        .refused("mode", "0755", .ambiguousValue, "reads as 493", hint: "quote it: mode: \"0755\""),
        .refused("umask", "022", .ambiguousValue, "reads as 18", hint: "quote it: umask: \"022\""),
        .refused("mode", "00", .ambiguousValue, "octal"),
        .refused("answer", "yes", .ambiguousValue, "boolean true", hint: "quote it: answer: \"yes\""),
        .refused("answer", "No", .ambiguousValue, "boolean false", hint: "quote it: answer: \"No\""),
        .refused("state", "on", .ambiguousValue, "boolean true"),
        .refused("state", "OFF", .ambiguousValue, "boolean false"),
        .refused("flag", "true", .ambiguousValue, "boolean true"),
        .refused("name", "", .wrongType, "no value is given", hint: "write a value after 'name:'"),
        .refused("name", "~", .wrongType, "null", hint: "quote it: name: \"~\""),
        .refused("name", "[a, b]", .wrongType, "'name' must be a string, not a list"),
        .refused("name", "{a: 1}", .wrongType, "'name' must be a string, not a mapping"),
        .refused("mode", "!!int 0644", .wrongType, "tagged !!int"),
        .refused("flag", "!!bool yes", .wrongType, "tagged !!bool"),
    ]

    @Test(arguments: rows)
    func requireString(_ row: Row) throws {
        let document = try #require(try YAMLLoader.load("\(row.key): \(row.text)\n", file: "task.yml"))
        let node = try #require(document[row.key])
        switch node.requireString(key: row.key) {
        case .success(let text):
            #expect(text == row.accepted, "accepted \(text)")
        case .failure(let diagnostic):
            #expect(row.accepted == nil, "refused: \(diagnostic.message)")
            #expect(diagnostic.kind == row.kind)
            #expect(diagnostic.message.contains(row.messagePart), "\(diagnostic.message)")
            if let hint = row.hint { #expect(diagnostic.hint == hint) }
            #expect(diagnostic.mark?.line == 1)
            #expect(diagnostic.mark?.file == "task.yml")
        }
    }

    @Test func diagnosticPointsAtTheValue() throws {
        let document = try #require(try YAMLLoader.load("- file:\n    path: /tmp/x\n    mode: 0644\n", file: "t.yml"))
        let mode = try #require(document.sequence?.first?["file"]?["mode"])
        guard case .failure(let diagnostic) = mode.requireString(key: "mode") else {
            Issue.record("0644 was accepted")
            return
        }
        #expect(diagnostic.mark == Mark(file: "t.yml", line: 3, column: 11))
    }
}
