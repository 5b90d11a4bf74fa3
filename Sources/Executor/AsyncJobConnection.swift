import Transport

#if canImport(Glibc)
    import Glibc
#endif

/// The connection a module sees under `async:`. Each program the module runs starts as a
/// detached job (`AsyncJob`); with `poll:` above 0 the call then checks on the job every `poll`
/// seconds over the same session and returns what the program printed, so the module's own
/// controller side turns it into its result as usual. With `poll: 0` it returns at once: the
/// module's answer is then meaningless and the invocation reports the job instead.
final class AsyncJobConnection: Connection {
    let base: any Connection
    let seconds: Int
    let poll: Int
    /// What a later run's `async_status` needs to shape the result (see `AsyncJob.launch`).
    let note: String?
    private let interrupted: () -> Bool
    /// Told of every look that found the job still running (Ansible's ASYNC POLL line).
    private let stillRunning: (AsyncJob) -> Void
    /// The job started last.
    private(set) var job: AsyncJob?
    /// Its result, once read.
    private(set) var record: AsyncJobRecord?
    /// Why there is no result: the job did not start, outlived the controller's patience, or
    /// the run was interrupted.
    private(set) var failure: String?

    init(
        base: any Connection, seconds: Int, poll: Int, note: String? = nil, interrupted: @escaping () -> Bool,
        stillRunning: @escaping (AsyncJob) -> Void = { _ in }
    ) {
        self.base = base
        self.seconds = seconds
        self.poll = poll
        self.note = note
        self.interrupted = interrupted
        self.stillRunning = stillRunning
    }

    var hostName: String { base.hostName }

    func run(_ request: RunRequest) throws(TransportError) -> CommandOutput {
        // Fire and forget starts the module's first program only; a later one would act on
        // an answer the first has not given yet.
        if poll == 0, job != nil || failure != nil { return Self.nothing }
        let started: AsyncJob
        switch try AsyncJob.launch(request, seconds: seconds, note: poll == 0 ? note : nil, on: base) {
        case .failure(let error):
            failure = error.message
            return CommandOutput(stdout: [], stderr: Array(error.message.utf8), termination: .exited(70))
        case .success(let launched):
            started = launched
        }
        job = started
        record = nil
        if poll == 0 { return Self.nothing }
        guard let finished = try waitForResult(of: started, become: request.become) else { return Self.nothing }
        record = finished
        // Ansible removes the result file of a job it polled to the end.
        try started.remove(become: request.become, on: base)
        return finished.programOutput(marker: AsyncJob.markerOf(request.program) ?? "") ?? Self.nothing
    }

    /// Ansible's polling: sleep `poll`, look, and give up once `async` seconds are used up. The
    /// target's watchdog writes its "Timeout exceeded" at that moment, so the last look waits a
    /// little for it rather than racing it.
    private func waitForResult(of job: AsyncJob, become: Become?) throws(TransportError) -> AsyncJobRecord? {
        var left = seconds
        while true {
            guard pause(seconds: Double(poll)) else {
                failure = "interrupted while waiting for async job \(job.id)"
                return nil
            }
            if let record = try job.read(become: become, on: base) { return record }
            stillRunning(job)
            left -= poll
            if left <= 0 { break }
        }
        for _ in 0..<4 {
            guard pause(seconds: 0.5) else { break }
            if let record = try job.read(become: become, on: base) { return record }
        }
        failure = "async task did not complete within the requested time - \(seconds)s"
        return nil
    }

    /// Sleeps in short steps so an interrupt is noticed; false when the run was interrupted.
    private func pause(seconds: Double) -> Bool {
        var remaining = seconds
        while remaining > 0 {
            if interrupted() { return false }
            let step = min(remaining, 0.1)
            usleep(UInt32(step * 1_000_000))
            remaining -= step
        }
        return !interrupted()
    }

    func upload(_ source: UploadSource, to remotePath: String, mode: UInt16) throws(TransportError) {
        try base.upload(source, to: remotePath, mode: mode)
    }

    func uploadTemporary(_ source: UploadSource, directory: String) throws(TransportError) -> String {
        try base.uploadTemporary(source, directory: directory)
    }

    func temporaryOwner() throws(TransportError) -> Int32? {
        try base.temporaryOwner()
    }

    /// The host's connection outlives the task: nothing to close here.
    func close() {}

    private static let nothing = CommandOutput(stdout: [], stderr: [], termination: .exited(0))
}

/// A connection that answers the one program run a module makes with output read earlier: how
/// a job's result, found by `async_status`, goes through its module's controller side.
final class AsyncJobReplay: Connection {
    let hostName: String
    private let record: AsyncJobRecord

    init(hostName: String, record: AsyncJobRecord) {
        self.hostName = hostName
        self.record = record
    }

    func run(_ request: RunRequest) throws(TransportError) -> CommandOutput {
        // The module looks for its result after the marker of the program it renders now.
        record.programOutput(marker: AsyncJob.markerOf(request.program) ?? "")
            ?? CommandOutput(stdout: [], stderr: [], termination: .exited(0))
    }

    func upload(_ source: UploadSource, to remotePath: String, mode: UInt16) throws(TransportError) {
        throw .invalidRequest(host: hostName, reason: "a finished job's result cannot take uploads")
    }

    func close() {}
}
