import Foundation
import Testing

@testable import Reporting

/// `[WARNING]` lines fold exactly as Python's `textwrap.wrap` folds them in Ansible.
@Suite struct TextWrapTests {
    static let samples: [(String, Int)] = [
        (
            "[WARNING]: The value 0644 (type int) in a string field was converted to '420' (type string). If this does not look like what you expect, quote the entire value to ensure it does not change.",
            79
        ),
        ("[WARNING]: short", 79),
        (
            "[WARNING]: a-very-long-hyphenated-word-that-keeps-going-and-going-past-the-edge-of-the-line and more",
            30
        ),
        ("[WARNING]: averyveryveryveryveryveryveryveryveryveryveryverylongwordwithoutanybreaks end", 20),
        ("[WARNING]:    leading   and   multiple   spaces   inside   the   text   kept   ", 25),
        ("[WARNING]: tabs\there\tand\nnewlines\r\nbecome spaces", 15),
        ("[WARNING]: Ünïcödé wörds wrap by code points, not bytes: äöü äöü äöü äöü", 22),
        ("[WARNING]: --option-with-leading-dashes and x-y a-b-c 1-2", 12),
        ("[WARNING]: state-of-the-art self-signed certificates aren't well-known--really, they are", 14),
        ("[WARNING]: wait--what? a.b--c d!--e f---g h--1 ab-cd-ef-gh", 9),
        ("", 79),
        ("   ", 79),
    ]

    static let python: String? = ExternalTool.find("python3")

    @Test(.enabled(if: python != nil, "needs python3 as the reference"))
    func matchesPythonTextwrap() throws {
        let input = Self.samples.map { ["text": $0.0, "width": String($0.1)] }
        let data = try JSONSerialization.data(withJSONObject: input)
        let directory = try ReportingFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("samples.json").path
        try data.write(to: URL(fileURLWithPath: path))
        let program = """
            import json, sys, textwrap
            samples = json.load(open(sys.argv[1]))
            print(json.dumps([textwrap.wrap(s["text"], int(s["width"])) for s in samples]))
            """
        let output = try ExternalTool.run(try #require(Self.python), ["-c", program, path])
        let expected = try #require(
            JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String]])
        for (index, sample) in Self.samples.enumerated() {
            #expect(TextWrap.wrap(sample.0, width: sample.1) == expected[index], "sample \(index)")
        }
    }

    @Test func bannerWidthCountsColumnsNotCharacters() {
        #expect(TextWidth.columns("TASK [x]") == 8)
        #expect(TextWidth.columns("日本語") == 6)
        #expect(TextWidth.columns("e\u{301}") == 1)
        #expect(TextWidth.columns("\u{1F680}") == 2)
    }
}
