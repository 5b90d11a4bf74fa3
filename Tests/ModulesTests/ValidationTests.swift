import Diagnostics
import Modules
import Testing
import Values
import YAML

/// The load-time validation table in Fixtures/validation.yml.
struct ValidationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var node: Node
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        guard let root = try? YAMLLoader.loadFile(FixtureFiles.path("validation.yml")), let items = root.sequence
        else { return [] }
        return items.map { Case(name: $0["case"]?.text ?? "?", node: $0) }
    }()

    @Test func theTableLoaded() {
        #expect(Self.cases.count >= 20)
    }

    @Test(arguments: cases)
    func validate(_ testCase: Case) throws {
        let moduleName = try #require(testCase.node["module"]?.text)
        let module = try #require(ModuleRegistry.module(named: moduleName), "no module \(moduleName)")
        let argsPair = try #require(testCase.node.mapping?.first { $0.key.text == "args" })
        let arguments = (argsPair.value.mapping ?? []).map {
            ArgumentNode(name: $0.key.text ?? "", nameMark: $0.key.mark, value: $0.value)
        }
        let diagnostics = module.spec.validate(arguments, moduleMark: argsPair.key.mark)
        let got = diagnostics.map { "\($0.severity.rawValue) \($0.kind.rawValue) \($0.mark.map { "\($0.line):\($0.column)" } ?? "-")" }
        let expected = (testCase.node["expect"]?.sequence ?? []).compactMap(\.text)
        #expect(got.sorted() == expected.sorted(), "\(diagnostics)")
        let hints = diagnostics.compactMap(\.hint).joined(separator: "\n")
        for wanted in (testCase.node["hints"]?.sequence ?? []).compactMap(\.text) {
            #expect(hints.contains(wanted), "hints were: \(hints)")
        }
    }

    @Test func diagnosticsReadLikeACompiler() {
        let mark = Mark(file: "site.yml", line: 14, column: 9)
        let node = Node(.scalar(Scalar("nginx")), mark: Mark(file: "site.yml", line: 14, column: 14))
        let problems = ModuleSpec.apt.validate([ArgumentNode(name: "nme", nameMark: mark, value: node)], moduleMark: mark)
        #expect(problems.first?.description == "site.yml:14:9: error: unknown argument 'nme' for module 'apt'")
        #expect(problems.first?.hint == "did you mean 'name'?")
    }
}

/// The run-time normalisation table in Fixtures/normalize.yml.
struct NormalizationTests {
    static let cases: [ValidationTests.Case] = {
        guard let root = try? YAMLLoader.loadFile(FixtureFiles.path("normalize.yml")), let items = root.sequence
        else { return [] }
        return items.map { ValidationTests.Case(name: $0["case"]?.text ?? "?", node: $0) }
    }()

    @Test func theTableLoaded() {
        #expect(Self.cases.count >= 8)
    }

    @Test(arguments: cases)
    func normalize(_ testCase: ValidationTests.Case) throws {
        let moduleName = try #require(testCase.node["module"]?.text)
        let module = try #require(ModuleRegistry.module(named: moduleName))
        let input = try #require(testCase.node["input"]?.toValue().dictValue)
        let mark = Mark(file: "site.yml", line: 3, column: 7)
        let outcome: Result<ValueDict, DiagnosticList>
        do throws(DiagnosticList) {
            outcome = .success(try module.spec.normalize(input, at: mark))
        } catch {
            outcome = .failure(error)
        }
        switch outcome {
        case .success(var output):
            if let pick = testCase.node["pick"]?.sequence?.compactMap(\.text) {
                output = ValueDict(output.filter { pick.contains($0.key) }.map { ($0.key, $0.value) })
            }
            #expect(testCase.node["errors"] == nil, "expected errors, got \(output)")
            let expected = try #require(testCase.node["output"]?.toValue())
            #expect(Value.dict(output) == expected)
        case .failure(let error):
            let kinds = error.diagnostics.map(\.kind.rawValue).sorted()
            let expected = (testCase.node["errors"]?.sequence ?? []).compactMap(\.text).sorted()
            #expect(kinds == expected, "\(error)")
            #expect(error.diagnostics.allSatisfy { $0.mark == mark })
        }
    }
}
