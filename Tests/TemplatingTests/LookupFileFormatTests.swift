#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Diagnostics
import Templating
import Testing
import Values

/// The `varnames` lookup's names from a resolver, and files made to exhaust the csvfile and ini
/// readers (the csvfile and ini case table runs with the other lookup tables, `LookupCaseTests`).
struct LookupFileFormatTests {
    static let playbookDirectory = FixtureFile.path("lookups")

    /// Names only the resolver knows (the run's variables) are listed after the context's own,
    /// in the order the resolver gives them, and matched with `re.search`.
    @Test func varnamesSeesResolverNames() throws {
        var context = TemplateContext(variables: ["app_port": 80])
        let resolved: ValueDict = ["app_name": "web", "db_port": 5432, "app_port": 81]
        context.resolver = { name in resolved[name] }
        context.resolverNames = { resolved.keys }
        let engine = TemplateEngine()
        let mark = Mark(file: "test", line: 1, column: 1)
        #expect(try engine.evaluate("query('varnames', '^app_')", at: mark, context: context) == ["app_port", "app_name"])
        #expect(try engine.evaluate("query('varnames', 'port')", at: mark, context: context) == ["app_port", "db_port"])
        #expect(try engine.evaluate("lookup('varnames', 'name$', 'db')", at: mark, context: context) == "app_name,db_port")
    }

    /// Files made to exhaust the reader are refused with an error, not read to the end of memory.
    @Test func hostileFilesAreRefused() throws {
        var template = Array("/tmp/lookup-file-formats-XXXXXX".utf8CString)
        let directory = try #require(mkdtemp(&template).map { String(cString: $0) })
        defer {
            for name in ["commas.csv", "field.csv"] { unlink(directory + "/" + name) }
            rmdir(directory)
        }
        func write(_ name: String, _ text: String) {
            guard let file = fopen(directory + "/" + name, "w") else { return }
            fputs(text, file)
            fclose(file)
        }
        write("commas.csv", String(repeating: ",", count: 200_000))
        write("field.csv", "x,\"" + String(repeating: "a", count: 200_000) + "\n")
        let engine = TemplateEngine()
        let context = TemplateContext(variables: ["playbook_dir": .string(Self.playbookDirectory)])
        let mark = Mark(file: "test", line: 1, column: 1)
        let cases = [
            ("lookup('csvfile', 'x', file='\(directory)/commas.csv', delimiter=',')", "more than 100000 fields"),
            ("lookup('csvfile', 'x', file='\(directory)/field.csv', delimiter=',')", "field larger than field limit (131072)"),
            ("lookup('ini', 'v0', section='s', file='bomb.ini')", "grows past 1 MiB through interpolation"),
        ]
        for (expression, message) in cases {
            do throws(TemplateError) {
                let value = try engine.evaluate(expression, at: mark, context: context)
                Issue.record("expected an error from \(expression), got \(value)")
            } catch {
                #expect(error.diagnostic.message.contains(message), "got \(error)")
            }
        }
    }
}
