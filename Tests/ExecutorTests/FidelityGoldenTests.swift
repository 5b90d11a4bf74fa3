import Foundation
import TestSupport
import Testing

/// Playbooks of the kind people have (roles with defaults and handlers, includes in loops,
/// include_role with `when:`/`loop:`, `until:` retries, blocks, `run_once`, `any_errors_fatal`,
/// `max_fail_percentage`, host patterns, `debug: var=` of expressions, subelements, a missing
/// vars file, …), each with the console output ansible-core 2.18 printed for it as its golden.
/// They run on this machine under three host names (`ansible_connection=local`), one fork, and
/// must print the same, host by host and task by task.
///
/// A case is a folder of `Fixtures/fidelity/`: `site.yml` and what it uses, `expected.txt`
/// (ansible-playbook's stdout, the case folder written `{dir}`), `args` (extra arguments, one a
/// line) and `status` (the exit status, when not 0). Exit statuses are `playbook`'s own: an
/// aborted play exits 10 where ansible-playbook exits 2 (see the README's table).
@Suite(.serialized)
struct FidelityGoldenTests {
    static let root = FixtureFiles.path("fidelity")
    /// Where the cases write files; emptied before each case.
    static let scratch = "/tmp/playbook-fidelity"

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: root + "/" + $0 + "/expected.txt") }.sorted()
    }

    @Test func thereAreCases() {
        #expect(Self.cases.count >= 20, "\(Self.cases)")
    }

    @Test(.serialized, arguments: cases)
    func printsWhatAnsibleCorePrints(_ name: String) throws {
        let directory = Self.root + "/" + name
        try? FileManager.default.removeItem(atPath: Self.scratch)
        try FileManager.default.createDirectory(atPath: Self.scratch, withIntermediateDirectories: true)
        let arguments = Self.lines(directory + "/args")
        let output = try PlaybookProcess.run(
            ["-f", "1", "-i", "../hosts.ini", "site.yml"] + arguments, in: directory, environment: ["NO_COLOR": "1"])
        let status = Int32(Self.lines(directory + "/status").first ?? "0") ?? 0
        #expect(output.status == status, "\(output)")
        let expected = try String(contentsOfFile: directory + "/expected.txt", encoding: .utf8)
        let actual = output.stdout.replacingOccurrences(of: directory, with: "{dir}")
        let want = ConsoleTranscript.normalised(expected)
        let got = ConsoleTranscript.normalised(actual)
        #expect(got == want, "\(TextDifference.firstLine(expected: want, actual: got))\n--- stdout\n\(output.stdout)\n--- stderr\n\(output.stderr)")
    }

    static func lines(_ path: String) -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }
}
