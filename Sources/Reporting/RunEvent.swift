/// Everything a run tells its reporters, in the order it happens.
public enum RunEvent: Sendable, Hashable {
    case playbookStarted(path: String, checkMode: Bool)
    case playStarted(name: String, hostPattern: String, hosts: [String])
    case noHostsMatched(pattern: String)
    /// `path` is `file:line` of the task, shown at `-vv` and written to reports.
    case taskStarted(name: String, path: String?, isHandler: Bool)
    /// One loop item's result: `changed: [h1] => (item=nginx)`.
    case loopItemResult(HostTaskResult)
    /// The task's final result on one host (for a loop, the summary after its items).
    case hostResult(HostTaskResult)
    /// `include_tasks` / `include_role` brought in `path` (a file, or a role's name) for these
    /// hosts, with the loop item it was included for; `task` names the include under `free`.
    case included(path: String, hosts: [String], itemLabel: String?, task: TaskHeading?)
    /// `any_errors_fatal` or `max_fail_percentage` ended the play for every host.
    case noHostsRemaining
    /// The hosts still running the current task, for the live line on a terminal.
    case hostsWaiting([String])
    case warning(String)
    case deprecation(String)
    case verbose(level: Int, host: String?, message: String)
    case playbookFinished(RunStats)
}

/// Something that shows or records a run.
///
/// The executor calls `report` from many host threads at once: implementations serialise
/// internally so that their writes never interleave mid-line.
public protocol Reporter: AnyObject, Sendable {
    func report(_ event: RunEvent)
    /// Values that must never be written (no_log values, become passwords) learnt during the run;
    /// from now on they print as `********`.
    func addSecrets(_ secrets: [String])
}

extension Reporter {
    public func addSecrets(_ secrets: [String]) {}
}
