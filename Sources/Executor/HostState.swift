import Inventory
import Transport
import Values

/// What the run knows about one host across plays: its facts, what tasks registered, whether it
/// failed, and the one connection held for the whole run.
///
/// During a task only the host's own thread touches this object; between tasks only the
/// coordinating thread does. The hand-over goes through `CompletionGroup`, which orders memory.
final class HostState: @unchecked Sendable {
    let name: String
    let thread: HostThread
    /// Variables from the inventory (groups then host), untemplated; refreshed when `group_by`
    /// or `add_host` changes the host's groups.
    var inventoryVars: ValueDict
    /// `include_vars` results: above task vars, below `set_fact` and `register`, as in Ansible.
    var includedVars = ValueDict()
    var facts = ValueDict()
    /// `set_fact` and `register` results: final values, above play variables in precedence.
    var runVars = ValueDict()
    /// Marked by a failed task that was not ignored; the host takes no further part in the play.
    var failed = false
    var unreachable = false
    /// Handlers notified on this host and not yet run, in notification order.
    var notified: [String] = []
    /// Check mode: packages earlier tasks would have installed here.
    var predictedPackages: Set<String> = []
    /// Check mode: directories earlier tasks would have created here.
    var predictedDirectories: Set<String> = []
    var connection: (any Connection)?
    /// The login user `connection` was opened as ("" when none was named).
    var connectionUser = ""
    /// Connections as other login users (a task's own `remote_user:`), by user, kept for reuse.
    var otherUserConnections: [String: any Connection] = [:]
    /// Connections for `delegate_to`, owned by this host's thread.
    var delegateConnections: [String: any Connection] = [:]
    /// Time spent opening the connection, for `--timing`.
    var connectSeconds: Double = 0
    /// `meta: end_host` — the host stops for the rest of the play, without failing.
    var endedPlay = false

    init(name: String, inventoryVars: ValueDict) {
        self.name = name
        self.inventoryVars = inventoryVars
        self.thread = HostThread(name: name)
    }

    /// Whether the host still takes part in the current play.
    var isActive: Bool { !failed && !unreachable && !endedPlay }

    func notify(_ handler: String) {
        if !notified.contains(handler) { notified.append(handler) }
    }

    /// Closes every connection; called on the host's own thread at the end of the run.
    func closeConnections() {
        connection?.close()
        connection = nil
        for (_, other) in otherUserConnections { other.close() }
        otherUserConnections = [:]
        for (_, delegate) in delegateConnections { delegate.close() }
        delegateConnections = [:]
    }
}
