/// A report file written from a `RunReport`: the shared machinery of the JSON and JUnit
/// reporters. The file is rewritten atomically at the end of the run, at every play boundary
/// (so a killed run still leaves the plays it finished), and whenever `writeNow()` is called.
final class ReportFile: @unchecked Sendable {
    let path: String
    private let render: @Sendable (RunReport) -> String
    private let clock: @Sendable () -> Double
    private let lock = ReportLock()
    // Guarded by `lock`.
    private var report: RunReport
    private var lastError: ReportWriteError?

    init(
        path: String, secrets: [String], runID: String?, clock: @escaping @Sendable () -> Double,
        render: @escaping @Sendable (RunReport) -> String
    ) {
        self.path = path
        self.render = render
        self.clock = clock
        report = RunReport(secrets: secrets, runID: runID)
    }

    func record(_ event: RunEvent) {
        lock.withLock {
            let event = report.secrets.mask(event)
            let startsAnotherPlay: Bool
            if case .playStarted = event {
                startsAnotherPlay = !report.plays.isEmpty
            } else {
                startsAnotherPlay = false
            }
            if startsAnotherPlay { writeLocked() }
            report.apply(event, at: clock())
            if case .playbookFinished = event { writeLocked() }
        }
    }

    func addSecrets(_ secrets: [String]) {
        lock.withLock { report.secrets.add(secrets) }
    }

    func writeNow() throws(ReportWriteError) {
        let error = lock.withLock { () -> ReportWriteError? in
            writeLocked()
            return lastError
        }
        if let error { throw error }
    }

    var writeError: ReportWriteError? {
        lock.withLock { lastError }
    }

    var snapshot: RunReport {
        lock.withLock { report }
    }

    private func writeLocked() {
        do {
            try AtomicFile.write(report.secrets.mask(render(report)), to: path)
            lastError = nil
        } catch {
            lastError = error
        }
    }
}
