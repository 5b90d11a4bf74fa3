import Reporting
import Values

/// What running one task on one host produced, for the coordinator to apply between steps.
struct TaskOutcome: Sendable {
    var result: HostTaskResult
    /// `meta:` asked the play to do something once every host finished this task.
    var meta: MetaAction?
    /// Handlers to notify (only when the task changed something).
    var notifications: [String] = []

    enum MetaAction: String, Sendable {
        case flushHandlers = "flush_handlers"
        case endPlay = "end_play"
        case endHost = "end_host"
        case endBatch = "end_batch"
        case clearFacts = "clear_facts"
        case clearHostErrors = "clear_host_errors"
        case noop, refreshInventory = "refresh_inventory", resetConnection = "reset_connection"
    }

    var status: TaskStatus { result.status }
}
