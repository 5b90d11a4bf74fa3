/// Writes the run as JSON in the shape of Ansible's `ansible.posix.json` callback, for CI jobs
/// and tools that already read that format.
///
/// The file is replaced atomically (temporary file, fsync, rename) at the end of the run, at
/// each new play, and on `writeNow()`, which an interrupt handler calls so that a stopped run
/// still leaves a report of what happened.
public final class JSONReporter: Reporter, @unchecked Sendable {
    private let file: ReportFile

    public init(
        path: String, secrets: [String] = [], clock: @escaping @Sendable () -> Double = WallClock.now,
        runID: String? = nil
    ) {
        file = ReportFile(path: path, secrets: secrets, runID: runID, clock: clock) {
            $0.ansibleJSON() + "\n"
        }
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

    /// What has been recorded so far.
    public var runReport: RunReport { file.snapshot }
}
