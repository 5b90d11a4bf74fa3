import Foundation
import Testing

/// Counts the cases of one hostile-input test and prints
/// `RELIABILITY hostile: <what> — ran N, passed M` once the last of them has run, so the figures
/// can be collected from the test log like the reliability suite's.
///
/// A parameterized test's cases run as separate test cases (possibly in parallel), so the tally
/// is a shared object that knows how many cases to expect; a case passes when none of its
/// checks failed and it threw nothing.
final class HostileTally: @unchecked Sendable {
    let what: String
    let expected: Int
    private let lock = NSLock()
    private var ran = 0
    private var passed = 0

    init(_ what: String, cases expected: Int = 1) {
        self.what = what
        self.expected = expected
    }

    /// Runs one case; its checks record issues as they fail and decide whether the case passed.
    func run<T>(_ body: (inout Checks) throws -> T) rethrows -> T {
        var checks = Checks()
        do {
            let result = try body(&checks)
            record(checks.passed)
            return result
        } catch {
            record(false)
            throw error
        }
    }

    /// Records `count` trials of which `passing` passed, for a test that counts inside one case.
    func record(trials count: Int, passing: Int) {
        finishIfComplete {
            ran += count
            passed += passing
        }
    }

    private func record(_ casePassed: Bool) {
        finishIfComplete {
            ran += 1
            if casePassed { passed += 1 }
        }
    }

    private func finishIfComplete(_ update: () -> Void) {
        let line: String? = lock.withLock {
            update()
            return ran >= expected ? "RELIABILITY hostile: \(what) — ran \(ran), passed \(passed)" : nil
        }
        if let line { print(line) }
    }
}

/// The checks of one case: each failed one is recorded as an issue where it was written.
struct Checks {
    private(set) var failures = 0
    var passed: Bool { failures == 0 }

    mutating func expect(
        _ condition: Bool, _ comment: @autoclosure () -> String = "", sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard !condition else { return }
        failures += 1
        Issue.record(Comment(rawValue: comment()), sourceLocation: sourceLocation)
    }

    /// Unwraps a value the rest of the case needs; nil (and a failed check) when it is missing.
    mutating func require<T>(
        _ value: T?, _ comment: @autoclosure () -> String = "", sourceLocation: SourceLocation = #_sourceLocation
    ) -> T? {
        expect(value != nil, comment(), sourceLocation: sourceLocation)
        return value
    }
}
