import Diagnostics
import Foundation
import PlaybookModel
import Templating
import Testing
import Values

@testable import Executor

/// `with_<lookup>:` loops are served by the lookup of the same name, with the search paths a
/// template of the same task has: the role's `files/` and `templates/` before the playbook's.
/// The folder is the `with-lookups` golden case, whose console output ansible-core 2.18 gave.
struct WithLookupLoopTests {
    static let playbookDirectory = FixtureFiles.path("fidelity/with-lookups")
    static let rolePath = playbookDirectory + "/roles/app"

    /// A scope as a task sees it: in the role `app` when `inRole`, else in the play.
    static func scope(inRole: Bool) -> VariableScope {
        let scope = VariableScope(engine: TemplateEngine())
        var magic: ValueDict = ["playbook_dir": .string(playbookDirectory)]
        if inRole { magic["role_path"] = .string(rolePath) }
        scope.addFinal(magic)
        scope.addTemplated([
            "packages": ["nginx", ["curl", ["wget"]], "git"],
            "users": ["alice": ["uid": 1], "bob": ["uid": 2]],
            "app_port": 80,
            "greeting_name": "greeting",
        ])
        return scope
    }

    func items(_ keyword: String, _ value: Value, inRole: Bool = false, action: String = "debug") throws(TemplateError) -> [Value] {
        guard let kind = LoopSource.Kind(keyword: keyword) else {
            Issue.record("'\(keyword)' is not a loop keyword")
            return []
        }
        var loop = LoopSource(kind: kind, value: value, mark: Mark(file: "site.yml", line: 7, column: 9))
        loop.lookupSubdirectory = LoopSource.lookupSubdirectory(forAction: action)
        return try LoopExpansion.items(of: loop, scope: Self.scope(inRole: inRole), playbookDirectory: Self.playbookDirectory)
    }

    @Test func everyLookupIsALoopForm() {
        #expect(LoopLookups.names.count >= 20, "\(LoopLookups.names)")
        for name in LoopLookups.names {
            #expect(LoopSource.Kind(keyword: "with_" + name) == .lookup(name))
            #expect(LoopSource.Kind(keyword: "with_" + name)?.keyword == "with_" + name)
        }
        #expect(LoopSource.Kind(keyword: "loop") == .loop)
        #expect(LoopSource.Kind(keyword: "with_nosuchlookup") == nil)
        #expect(LoopSource.Kind(keyword: "items") == nil)
    }

    @Test func fileglobLooksInTheRolesFilesBeforeThePlaybooks() throws {
        #expect(try items("with_fileglob", "conf/*.conf", inRole: true) == [.string(Self.rolePath + "/files/conf/b.conf")])
        #expect(try items("with_fileglob", "conf/*.conf") == [.string(Self.playbookDirectory + "/files/conf/a.conf")])
        #expect(try items("with_fileglob", ["conf/*.conf", "nothing/*"]) == [.string(Self.playbookDirectory + "/files/conf/a.conf")])
    }

    @Test func fileReadsTheRolesCopyAndFallsBackToThePlaybooks() throws {
        #expect(try items("with_file", ["greeting.txt", "onlytop.txt"], inRole: true) == ["hello from role files", "only top"])
        #expect(try items("with_file", "{{ greeting_name }}.txt") == ["hello from playbook files"])
    }

    @Test func firstFoundSearchesTheFolderOfTheTasksAction() throws {
        #expect(try items("with_first_found", ["missing.j2", "second.j2"], inRole: true, action: "template")
            == [.string(Self.rolePath + "/templates/second.j2")])
        // For a task that reads files, the role's templates/ is not searched.
        #expect(throws: TemplateError.self) {
            try items("with_first_found", ["missing.j2", "second.j2"], inRole: true, action: "debug")
        }
        #expect(LoopSource.lookupSubdirectory(forAction: "include_vars") == "vars")
        #expect(LoopSource.lookupSubdirectory(forAction: "copy") == "files")
    }

    @Test func firstFoundPassesOverNamesWithUndefinedVariables() throws {
        let found = try items("with_first_found", [["files": ["nope.txt", "{{ undefined_name }}.txt", "greeting.txt"]]], inRole: true)
        #expect(found == [.string(Self.rolePath + "/files/greeting.txt")])
        // Any other lookup fails on the undefined name.
        #expect(throws: TemplateError.self) { try items("with_file", ["{{ undefined_name }}.txt"]) }
    }

    @Test func templateRendersFromTheRolesTemplates() throws {
        #expect(try items("with_template", "conf.j2", inRole: true) == ["role port=80\n"])
        #expect(try items("with_template", "conf.j2") == ["port=80\n"])
    }

    @Test func aStringIsStrippedAndTemplatedButABareNameStaysText() throws {
        #expect(try items("with_items", "  packages  ") == ["packages"])
        #expect(try items("with_items", "{{ packages }}") == ["nginx", "curl", ["wget"], "git"])
        #expect(try items("with_list", "{{ packages }}") == ["nginx", ["curl", ["wget"]], "git"])
        #expect(try items("with_items", .int(3)) == [3], "a scalar is one term")
    }

    @Test func aDictIsIteratedByItsKeysExceptWhereTheLookupTakesItWhole() throws {
        #expect(try items("with_items", "{{ users }}") == ["alice", "bob"])
        #expect(try items("with_dict", "{{ users }}").map { $0["key"] } == ["alice", "bob"])
        for keyword in ["with_list", "with_indexed_items"] {
            do {
                _ = try items(keyword, "{{ users }}")
                Issue.record("\(keyword) accepted a dict")
            } catch {
                #expect(error.diagnostic.message == "\(keyword) expects a list")
            }
        }
    }

    @Test func commandsAndVariablesOnTheController() throws {
        #expect(try items("with_lines", "printf 'one\\ntwo\\n'") == ["one", "two"])
        #expect(try items("with_pipe", ["echo hello", "echo world"]) == ["hello", "world"])
        #expect(try items("with_vars", ["app_port", "greeting_name"]) == [80, "greeting"])
        #expect(try items("with_env", ["WITH_LOOKUP_TESTS_UNSET"]) == [""])
        #expect(try items("with_random_choice", ["only"]) == ["only"])
        #expect(try items("with_flattened", "{{ packages }}") == ["nginx", "curl", "wget", "git"])
    }

    @Test func passwordCreatesTheFileOnceAndThenReadsIt() throws {
        let directory = NSTemporaryDirectory() + "with-lookups-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try items("with_password", .string(directory + "/secret length=12 chars=digits"))
        #expect(first.count == 1)
        #expect(first.first?.stringValue?.count == 12)
        #expect(first.first?.stringValue?.allSatisfy(\.isNumber) == true)
        #expect(try items("with_password", .string(directory + "/secret length=12 chars=digits")) == first)
    }

    @Test func aFailingLookupIsReportedAtTheLoopKeyword() {
        do {
            _ = try items("with_file", "nothere.txt", inRole: true)
            Issue.record("a missing file was found")
        } catch {
            #expect(error.diagnostic.mark == Mark(file: "site.yml", line: 7, column: 9))
            #expect(error.diagnostic.message.hasPrefix("with_file: could not find 'nothere.txt'"), "\(error.diagnostic)")
            #expect(error.diagnostic.message.contains(Self.rolePath + "/files/nothere.txt"))
        }
        do {
            _ = try items("with_sequence", "start=5 end=1")
            Issue.record("a backwards sequence was accepted")
        } catch {
            #expect(error.diagnostic.message == "with_sequence: to count backwards make stride negative")
        }
        do {
            _ = try items("with_dict", ["a"])
            Issue.record("with_dict accepted a list of text")
        } catch {
            #expect(error.diagnostic.message == "with_dict expects a dict", "ansible-core's words, not repeated")
        }
    }
}
