import Testing

/// Values and results as ansible-core 2.18 hands them to a play: the type a rendered string gets,
/// what a rescue section can read about the failure, and which results the console shows.
@Suite struct AnsibleTypingTests {
    @Test func renderedValuesRescueVariablesAndShownResultsMatchAnsible() throws {
        let output = try PlaybookProcess.run(
            ["-i", "box,", "-c", "local", "ansible-typing.yml"], in: FixtureFiles.path("cli"), timeout: 60)
        #expect(output.status == 0, "\(output)")
        // A bare variable keeps its type; anything computed is text unless it looks like a list,
        // a dict or a bool; None renders as the empty string.
        #expect(output.stdout.contains("\"msg\": \"TYPES=int,str,list,str\""), "\(output)")
        // assert always shows its result.
        #expect(output.stdout.contains("ok: [box] => {\n    \"changed\": false,\n    \"msg\": \"All assertions passed\"\n}"), "\(output)")
        // A skipped debug never ran, so nothing asked for its result to be shown.
        #expect(output.stdout.contains("skipping: [box]\n"), "\(output)")
        #expect(output.stdout.contains("\"msg\": \"RESCUED=breaks/command/1\""), "\(output)")
        #expect(output.recap["box"]?["rescued"] == 1, "\(output)")
    }
}
