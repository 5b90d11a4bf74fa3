import Inventory
import Modules
import PlaybookModel
import Reporting
import Values

/// Runs the loaded playbooks, play after play, on hosts whose state (facts, failures, the one
/// connection each) lasts for the whole invocation.
final class PlaybookRun {
    let loaded: LoadedRun
    let shared: RunShared
    private var hostStates: [String: HostState] = [:]

    init(loaded: LoadedRun, options: RunOptions, reporter: any Reporter) {
        self.loaded = loaded
        self.shared = RunShared(
            options: options, inventory: loaded.inventory, extraVars: loaded.extraVars, reporter: reporter)
    }

    func execute() -> ExitStatus {
        for playbook in loaded.playbooks where !shared.inputFailed {
            shared.reporter.report(.playbookStarted(path: playbook.path, checkMode: shared.options.check))
            // ansible-playbook's `-vv` line under the PLAYBOOK banner (its count, its grammar).
            shared.reporter.report(.verbose(level: 2, host: nil, message: "\(playbook.plays.count) plays in \(playbook.path)"))
            let userModules = ModuleRegistry.userModules(in: SearchPaths.join(playbook.directory, "modules"))
            for play in playbook.plays {
                if shared.interrupted || shared.inputFailed { break }
                let (hosts, patternOrder) = selectHosts(for: play)
                let context = PlayContext(
                    play: play, playbook: playbook, run: shared, playHosts: patternOrder, userModules: userModules)
                let playRun = PlayRun(context: context, hosts: hosts.filter { !$0.failed && !$0.unreachable })
                playRun.execute()
                // As Ansible's break_play: the rest of this playbook's plays do not start.
                if playRun.breaksPlaybook { break }
            }
        }
        closeAll()
        let stats = shared.stats
        shared.reporter.report(.playbookFinished(stats))
        var status = ExitStatus.success
        // After `meta: clear_host_errors` only a host that failed again (or still) counts.
        let stillFailed = !shared.hostErrorsCleared || hostStates.values.contains { $0.failed }
        if stats.anyFailed && stillFailed { status.insert(.hostFailed) }
        if stats.anyUnreachable { status.insert(.hostUnreachable) }
        if shared.aborted { status.insert(.playAborted) }
        if shared.inputFailed { return .inputError }
        return status
    }

    /// The play's pattern, narrowed by `--limit`, as host states shared across plays, in the
    /// order the play takes them; and their names in the pattern's order, which ansible-core's
    /// `ansible_play_hosts_all` keeps whatever `order:` says.
    private func selectHosts(for play: Play) -> ([HostState], [String]) {
        let inventory = shared.inventory
        do {
            var selected = try inventory.select(play.hosts.value, mark: play.hosts.mark)
            for term in PatternOrder.unmatchedTerms(of: play.hosts.value, inventory: inventory) {
                shared.warn("Could not match supplied host pattern, ignoring: \(term)")
            }
            selected = PatternOrder.arrange(selected, pattern: play.hosts.value, inventory: inventory)
            if let limit = shared.options.limit {
                selected = try inventory.restrict(selected, limit: limit)
            }
            let patternOrder = selected.map(\.name)
            selected = Self.ordered(selected, by: play.order?.value ?? .inventory, name: \.name)
            let states = selected.map { host in
                if let state = hostStates[host.name] {
                    // `group_by` and `add_host` of earlier plays may have changed its groups.
                    state.inventoryVars = inventory.variables(for: host.name)
                    return state
                }
                let state = HostState(name: host.name, inventoryVars: inventory.variables(for: host.name))
                // Facts an earlier play delegated to this host (`delegate_facts: true`).
                if let delegated = shared.delegatedFacts(for: host.name) { state.runVars.merge(delegated) }
                hostStates[host.name] = state
                return state
            }
            return (states, patternOrder)
        } catch {
            shared.warn(error.rendered)
            return ([], [])
        }
    }

    /// `order:` — the order the play takes its hosts in (and so the order of batches, results
    /// and the console): as the pattern names them by default, as ansible-core does.
    static func ordered<Host>(_ hosts: [Host], by order: Play.HostOrder, name: (Host) -> String) -> [Host] {
        switch order {
        case .inventory: return hosts
        case .reverseInventory: return hosts.reversed()
        case .sorted: return hosts.sorted { name($0) < name($1) }
        case .reverseSorted: return hosts.sorted { name($0) > name($1) }
        case .shuffle: return hosts.shuffled()
        }
    }

    /// Seconds each host spent opening its connection (for `--timing`).
    private(set) var connectTimes: [String: Double] = [:]

    /// Ends every session on the thread that used it, then the threads themselves.
    private func closeAll() {
        let group = CompletionGroup()
        group.enter(hostStates.count)
        for state in hostStates.values {
            state.thread.submit {
                state.closeConnections()
                group.leave()
            }
        }
        group.wait()
        for state in hostStates.values {
            state.thread.stop()
            if state.connectSeconds > 0 { connectTimes[state.name] = state.connectSeconds }
        }
    }
}
