import Diagnostics
import Foundation
import Inventory
import PlaybookModel
import Templating
import Testing
import Values
import YAML

/// Every input the fuzzers found a crash, hang or blowup with (`fuzz/regressions/<harness>/`)
/// goes through the same entry points as its harness in `fuzz/<harness>/main.swift`, on a host
/// thread's stack, and must finish quickly. A crash would end the test process.
@Suite struct RegressionReplayTests {
    static let harnesses = ["json", "template", "inventory", "playbook"]
    static let secondsAllowed = 10.0

    static let inputs: [URL] = harnesses.flatMap(HostileFiles.regressionInputs)

    /// Guards against a wrong path making the replay below vacuous.
    @Test func regressionInputsAreFound() {
        #expect(!Self.inputs.isEmpty, "no inputs under \(HostileFiles.regressions.path)")
    }

    static let replayTally = HostileTally("fuzzer regression inputs replayed without a crash in < 10 s", cases: inputs.count)

    @Test(arguments: inputs)
    func replaysWithoutCrashing(_ input: URL) throws {
        try Self.replayTally.run { checks in
            let harness = input.deletingLastPathComponent().lastPathComponent
            let bytes = try [UInt8](Data(contentsOf: input))
            let (outcome, use) = ResourceMeter.measure {
                HostThreadStack.run { Self.replay(bytes, through: harness) }
            }
            print("regression \(harness)/\(input.lastPathComponent): \(use), \(outcome)")
            checks.expect(use.seconds < Self.secondsAllowed, "\(input.lastPathComponent): \(use)")
        }
    }

    /// What the harness would do with the input, summarised for the log.
    @Sendable static func replay(_ bytes: [UInt8], through harness: String) -> String {
        switch harness {
        case "json": return json(bytes)
        case "template": return template(String(decoding: bytes, as: UTF8.self))
        case "inventory": return inventory(bytes)
        default: return playbook(bytes)
        }
    }

    static func json(_ bytes: [UInt8]) -> String {
        guard let value = try? JSON.parse(bytes: bytes) else { return "refused" }
        let text = JSON.serialize(value)
        return (try? JSON.parse(text)) != nil ? "round-tripped" : "serialized text does not parse"
    }

    static let templateVariables: Value = [
        "inventory_hostname": "web1", "count": 3, "name": "nginx", "ports": [80, 443],
        "config": ["listen": 80, "nested": ["deep": "x"]], "nothing": nil,
    ]

    /// The template harness's own bounds (fuzz/template/main.swift): an input is a regression
    /// of what the harness did with it, and fuzzed text must never run a command here.
    static let harnessLimits = TemplateLimits(
        maxLoopIterations: 200_000, maxRange: 100_000, maxOutput: 8 << 20, maxRegexSeconds: 1,
        allowsControllerCommands: false, maxHashRounds: 200_000)

    static func template(_ text: String) -> String {
        let engine = TemplateEngine(limits: harnessLimits)
        let context = TemplateContext(templateVariables)
        let mark = Mark(file: "fuzz.yml", line: 1, column: 1)
        var outcomes: [String] = []
        do { _ = try engine.render(text, at: mark, context: context); outcomes.append("rendered") } catch {
            outcomes.append("render: \(error.diagnostic.message.prefix(60))")
        }
        do { _ = try engine.evaluate(text, at: mark, context: context); outcomes.append("evaluated") } catch {
            outcomes.append("evaluate: \(error.diagnostic.message.prefix(60))")
        }
        do { _ = try engine.renderTemplate(text, file: "fuzz.j2", context: context); outcomes.append("file rendered") } catch {
            outcomes.append("file: \(error.diagnostic.message.prefix(60))")
        }
        return outcomes.joined(separator: "; ")
    }

    static func inventory(_ bytes: [UInt8]) -> String {
        let split = bytes.firstIndex(of: 0)
        let text = String(decoding: bytes[..<(split ?? bytes.endIndex)], as: UTF8.self)
        var patterns = ["all", "*", "web*", "~^db", "all:!web", "web:&prod", "web[0]", "ungrouped"]
        if let split {
            patterns = String(decoding: bytes[(split + 1)...], as: UTF8.self)
                .split(separator: "\n", omittingEmptySubsequences: false).prefix(32).map(String.init)
        }
        var outcomes: [String] = []
        for (file, format) in [("hosts.ini", Inventory.SourceFormat.ini), ("hosts.yml", .yaml)] {
            guard let inventory = try? Inventory.parse(text, file: file, format: format) else {
                outcomes.append("\(file) refused")
                continue
            }
            for host in inventory.hosts.prefix(64) {
                _ = inventory.groupNames(of: host.name)
                _ = try? ConnectionSettings(vars: inventory.variables(for: host.name), inventoryHostname: host.name)
            }
            for pattern in patterns { _ = try? inventory.select(pattern) }
            outcomes.append("\(file): \(inventory.hosts.count) hosts")
        }
        return outcomes.joined(separator: "; ")
    }

    static func playbook(_ bytes: [UInt8]) -> String {
        _ = try? YAMLLoader.load(bytes: bytes, file: "fuzz.yml")
        _ = try? YAMLLoader.loadAll(String(decoding: bytes, as: UTF8.self), file: "fuzz.yml")
        guard let directory = try? HostileFiles.scratchDirectory() else { return "no scratch directory" }
        defer { HostileFiles.remove(directory) }
        let path = directory.appendingPathComponent("site.yml").path
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return "cannot write" }
        do {
            let playbook = try PlaybookLoader.load(path: path)
            return "loaded \(playbook.plays.count) plays"
        } catch {
            return "refused: \(error.diagnostics.first?.message.prefix(60) ?? "")"
        }
    }
}
