import Foundation
import TestSupport
import Testing

/// The reliability suite: counted, repeated checks on real lab hosts (h121–h140) of what people
/// rely on when they point `playbook` at production with root — host keys, algorithms, secrets,
/// atomic writes, faults, exit codes and apt under stress.
///
/// Every test counts its trials and prints one line `RELIABILITY <area>: <what> — ran N, passed M`,
/// so the figures can be collected from the test log, and fails unless every trial passed.
///
/// The suites run one after another: several of them break hosts on purpose (blackhole, killed
/// sessions, a reconfigured sshd, a held dpkg lock), and timing checks (connect timeout ± 1 s,
/// retry spacing) must not compete with a 200-connection fan-out on the same machine.
@Suite(.serialized, .enabled(if: Lab.shouldRun, Lab.skipComment))
struct Reliability {}

/// How many trials a test makes: a meaningful size by default, the full numbers of the design's
/// reliability targets with `PLAYBOOK_LONG=1`.
enum Trials {
    static var isLong: Bool { ProcessInfo.processInfo.environment["PLAYBOOK_LONG"] == "1" }

    static func count(ci: Int, long: Int) -> Int { isLong ? long : ci }
}

/// Counts trials and their failures; `finish` prints the figure line and records one issue
/// naming every failed trial.
final class Tally: @unchecked Sendable {
    let area: String
    let what: String
    private let lock = NSLock()
    private var ran = 0
    private var passed = 0
    private var failures: [String] = []

    init(_ area: String, _ what: String) {
        self.area = area
        self.what = what
    }

    /// Records one trial; `problem` is nil when it passed.
    func record(_ problem: String?) {
        lock.withLock {
            ran += 1
            if let problem { failures.append("trial \(ran): \(problem)") } else { passed += 1 }
        }
    }

    /// Runs one trial: it passes when `body` returns no problems and throws nothing.
    func trial(_ body: () throws -> [String]) {
        do {
            let problems = try body()
            record(problems.isEmpty ? nil : problems.joined(separator: "; "))
        } catch {
            record("\(error)")
        }
    }

    var figures: (ran: Int, passed: Int) { lock.withLock { (self.ran, self.passed) } }

    func finish(sourceLocation: SourceLocation = #_sourceLocation) {
        let (ran, passed, failures) = lock.withLock { (self.ran, self.passed, self.failures) }
        print("RELIABILITY \(area): \(what) — ran \(ran), passed \(passed)")
        if ran == 0 {
            Issue.record("\(area): \(what): no trial ran", sourceLocation: sourceLocation)
        } else if passed != ran {
            let shown = failures.prefix(10).joined(separator: "\n")
            let more = failures.count > 10 ? "\n… and \(failures.count - 10) more" : ""
            Issue.record(
                "\(area): \(what): \(ran - passed) of \(ran) trials failed:\n\(shown)\(more)",
                sourceLocation: sourceLocation)
        }
    }
}

/// Collects the problems of one trial: `check` adds a description when a condition fails.
struct Problems {
    private(set) var list: [String] = []

    mutating func check(_ condition: Bool, _ description: @autoclosure () -> String) {
        if !condition { list.append(description()) }
    }

    mutating func add(_ description: String) { list.append(description) }
}
