import Foundation
import Testing

@testable import Executor

/// An error that no layer turned into an outcome is a bug of ours: it exits 70, the code the
/// README's table gives an internal error, with a message that says so, not 64 as if the
/// flags were wrong.
@Suite struct InternalFailureTests {
    struct UnforeseenState: Error, CustomStringConvertible {
        var description: String { "a host thread ended twice" }
    }

    @Test func anErrorReachingTheTopExitsWithTheInternalErrorCode() {
        let status = Runner.internalFailure(UnforeseenState())
        #expect(status == .internalError)
        #expect(status.code == 70)
        #expect(status != .usageError && status != .inputError)
    }

    @Test func theMessageNamesTheErrorAndSaysWhoseBugItIs() {
        let message = Runner.internalFailureMessage(UnforeseenState())
        #expect(message.hasPrefix("playbook: internal error: "), "\(message)")
        #expect(message.contains("UnforeseenState"), "\(message)")
        #expect(message.contains("bug in playbook"), "\(message)")
    }

    @Test func theReadmeTableListsTheCode() throws {
        let readme = try String(contentsOfFile: FixtureFiles.repositoryRoot + "/README.md", encoding: .utf8)
        #expect(readme.contains("| 70 | internal error |"))
    }
}
