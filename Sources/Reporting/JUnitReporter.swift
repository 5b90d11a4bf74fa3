/// Writes the run as JUnit XML for CI test-result views (`RunReport.junitXML()`).
///
/// Written atomically at the end of the run, at each new play, and on `writeNow()`, which an
/// interrupt handler calls so that a stopped run still leaves a report.
public final class JUnitReporter: Reporter, @unchecked Sendable {
    private let file: ReportFile

    public init(
        path: String, secrets: [String] = [], clock: @escaping @Sendable () -> Double = WallClock.now
    ) {
        file = ReportFile(path: path, secrets: secrets, runID: nil, clock: clock) { $0.junitXML() }
    }

    public var path: String { file.path }

    public func report(_ event: RunEvent) { file.record(event) }

    public func addSecrets(_ secrets: [String]) { file.addSecrets(secrets) }

    /// Writes the report as it stands. Safe to call from any thread, at any time, repeatedly,
    /// while events still arrive. For an interrupt, call it from the thread that handles the
    /// signal (a `DispatchSourceSignal` handler, say), not from inside a C signal handler: it
    /// takes a lock and allocates.
    public func writeNow() throws(ReportWriteError) { try file.writeNow() }

    /// The error of the last automatic write, if it failed (`report` cannot throw).
    public var lastWriteError: ReportWriteError? { file.writeError }

    public var runReport: RunReport { file.snapshot }
}
