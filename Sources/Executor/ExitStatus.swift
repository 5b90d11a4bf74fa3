/// The one table from a run's outcome to the process exit code. Host outcomes are bit flags
/// that combine (a run where one host failed and another was unreachable exits 6); everything
/// that stops a run before or outside the hosts has a code of its own, so a CI job can tell a
/// typo in a playbook from a broken server.
public struct ExitStatus: OptionSet, Sendable, Hashable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Every host finished every task (changed or not).
    public static let success: ExitStatus = []
    /// At least one host failed a task (not ignored, not rescued).
    public static let hostFailed = ExitStatus(rawValue: 2)
    /// At least one host could not be reached or dropped its connection.
    public static let hostUnreachable = ExitStatus(rawValue: 4)
    /// A play stopped early for every host: `any_errors_fatal`, `max_fail_percentage`, or no host left.
    public static let playAborted = ExitStatus(rawValue: 8)
    /// `--verify-idempotence`: the second pass changed something.
    public static let notIdempotent = ExitStatus(rawValue: 16)

    /// Codes that are not combined with others.
    public static let usageError = ExitStatus(rawValue: 64)  // bad flags or arguments
    public static let inputError = ExitStatus(rawValue: 65)  // playbook/inventory/vars failed to parse or validate
    public static let internalError = ExitStatus(rawValue: 70)  // a bug in playbook itself
    public static let interrupted = ExitStatus(rawValue: 130)  // SIGINT/SIGTERM

    public var code: Int32 { rawValue }
}
