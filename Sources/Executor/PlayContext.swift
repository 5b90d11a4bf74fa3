import Diagnostics
import Inventory
import Modules
import PlaybookModel
import Templating
import Values

/// What every task of one play needs to build its variables: the play, the hosts, the run-wide
/// values, and a snapshot of every host's variables for `hostvars`.
final class PlayContext: @unchecked Sendable {
    let play: Play
    let playbook: Playbook
    let run: RunShared
    /// Every host the play targets, and the hosts of the current `serial` batch.
    let playHosts: [String]
    var batchHosts: [String] = [] {
        didSet {
            activeHosts = Set(batchHosts)
            rebuildHostLists()
        }
    }
    /// The batch's hosts that have not failed: the magic lists name only these.
    var activeHosts: Set<String> = [] {
        didSet { if activeHosts != oldValue { rebuildHostLists() } }
    }

    private func rebuildHostLists() {
        let active = batchHosts.filter { activeHosts.contains($0) }
        batchHostList = .list(active.map(Value.string))
        // `ansible_play_hosts` keeps the pattern's order; only `ansible_play_batch` follows `order:`.
        let rank = Dictionary(playHosts.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        batchPatternList = .list(
            active.sorted { rank[$0, default: Int.max] < rank[$1, default: Int.max] }.map(Value.string))
        sharedMagic = makeSharedMagic()
    }
    /// The same names as template values, built once and shared by every host's every task:
    /// built per host per task, the four magic lists grew with the square of the host count
    /// (~38 KB a host at 500 hosts, all alive while the hosts run a task).
    private let playHostList: Value
    private var batchHostList: Value = .list([])
    private var batchPatternList: Value = .list([])
    /// `vars_files` loaded per host (their names may be templated per host).
    var varsFiles: [String: ValueDict] = [:]
    /// Per-host variables as of the start of the current step, read by other hosts' tasks
    /// through `hostvars`; a snapshot, because those hosts' own threads are writing meanwhile.
    /// Locked: under the `free` strategy each host's run takes its own snapshot at any time.
    var hostSnapshots: [String: HostSnapshot] { snapshots.value }
    private let snapshots = Locked<[String: HostSnapshot]>([:])

    /// Modules from a `modules/` folder beside the playbook, by name.
    let userModules: [String: any Module]

    init(play: Play, playbook: Playbook, run: RunShared, playHosts: [String], userModules: [String: any Module]) {
        self.userModules = userModules
        self.play = play
        self.playbook = playbook
        self.run = run
        self.playHosts = playHosts
        self.playHostList = .list(playHosts.map(Value.string))
        var defaults = ValueDict()
        var vars = ValueDict()
        for invocation in play.roles {
            defaults.merge(invocation.role.defaults)
            vars.merge(invocation.role.vars)
        }
        playRoleDefaults = defaults
        playRoleVars = vars
        sharedMagic = makeSharedMagic()
    }

    /// The defaults and vars of the play's `roles:`, which every task of the play sees (at
    /// their own precedence, without role parameters), as ansible-core's roles are not private.
    let playRoleDefaults: ValueDict
    let playRoleVars: ValueDict

    struct HostSnapshot: Sendable {
        var inventoryVars: ValueDict
        var facts: ValueDict
        var runVars: ValueDict
        var includedVars = ValueDict()
    }

    func takeSnapshots(_ hosts: [HostState]) {
        let taken = hosts.map {
            HostSnapshot(inventoryVars: $0.inventoryVars, facts: $0.facts, runVars: $0.runVars, includedVars: $0.includedVars)
        }
        snapshots.mutate { stored in
            for (host, snapshot) in zip(hosts, taken) { stored[host.name] = snapshot }
        }
    }

    /// The variables a task of `role` (nil: outside roles) sees on `host`, in Ansible's
    /// precedence (lowest first). Out of line, and given the role rather than the whole task (an
    /// optional task is a 2 KB copy): a host's thread calls it before its deepest wait (see
    /// `TaskRunner`).
    @inline(never)
    func scope(for host: HostState, role: RoleContext?, keywords: InheritableKeywords, extra: ValueDict = ValueDict())
        -> VariableScope
    {
        let scope = VariableScope(engine: run.engine)
        scope.addTemplated(playRoleDefaults)
        if let role { scope.addTemplated(role.defaults) }
        scope.addTemplated(host.inventoryVars)
        scope.addFacts(host.facts)
        scope.addTemplated(play.keywords.vars.values, marks: play.keywords.vars.marks)
        if let files = varsFiles[host.name] { scope.addTemplated(files) }
        scope.addTemplated(playRoleVars)
        if let role { scope.addTemplated(role.vars) }
        let local = Self.blockAndTaskVars(keywords.vars, play: play.keywords.vars)
        scope.addTemplated(local.values, marks: local.marks)
        scope.addTemplated(host.includedVars)
        scope.addFinal(host.runVars)
        scope.addFinal(extra)
        scope.addTemplated(run.extraVars, defaultMark: .synthetic("--extra-vars"))
        addMagic(to: scope, host: host, role: role)
        return scope
    }

    /// A task's folded-in `vars:` without those it inherited from the play: play vars rank below
    /// `vars_files` and role vars, so they must not come back at the block and task level.
    static func blockAndTaskVars(_ inherited: Variables, play: Variables) -> Variables {
        var local = Variables()
        for (name, value) in inherited.values {
            let fromPlay = play.values[name] == value && play.marks[name] == inherited.marks[name]
            if !fromPlay {
                local.values[name] = value
                local.marks[name] = inherited.marks[name]
            }
        }
        return local
    }

    /// Facts are visible as `ansible_facts.x` and, as Ansible injects them, as `ansible_x`.
    static func injectedFacts(_ facts: ValueDict) -> ValueDict {
        guard !facts.isEmpty else { return ValueDict() }
        var out = ValueDict()
        for (name, value) in facts { out["ansible_" + name] = value }
        out["ansible_facts"] = .dict(facts)
        return out
    }

    /// The magic variables that are the same for every host of the batch, built when the
    /// batch's lists change rather than for every host's every task.
    private var sharedMagic = ValueDict()

    private func makeSharedMagic() -> ValueDict {
        var magic = ValueDict()
        magic["playbook_dir"] = .string(playbook.directory)
        magic["ansible_check_mode"] = .bool(run.options.check)
        magic["ansible_diff_mode"] = .bool(run.options.diff)
        magic["ansible_play_hosts_all"] = playHostList
        magic["ansible_play_batch"] = batchHostList
        magic["ansible_play_hosts"] = batchPatternList
        magic["play_hosts"] = batchPatternList
        magic["ansible_play_name"] = .string(play.name ?? play.hosts.value)
        magic["ansible_run_tags"] = .list(Array(run.tags.only).sorted().map(Value.string))
        magic["ansible_skip_tags"] = .list(Array(run.tags.skip).sorted().map(Value.string))
        magic["ansible_forks"] = .int(run.options.forks)
        magic["ansible_verbosity"] = .int(run.options.verbosity)
        magic["ansible_version"] = ["full": .string(PlaybookVersion.current), "string": .string(PlaybookVersion.current)]
        magic["omit"] = .string(RunShared.omitPlaceholder)
        return magic
    }

    private func addMagic(to scope: VariableScope, host: HostState, role: RoleContext?) {
        // Taken once: every host builds its scope at the same moment, under the run's lock.
        let inventory = run.inventory
        // Three final layers in the order one dict of them had: the names are distinct, so
        // only their listing order (`varnames`) depends on it.
        scope.addFinal([
            "inventory_hostname": .string(host.name),
            "inventory_hostname_short": .string(String(host.name.split(separator: ".").first ?? "")),
            "group_names": .list(
                inventory.groupNames(of: host.name).filter { $0 != "all" && $0 != "ungrouped" }.sorted()
                    .map(Value.string)),
        ])
        scope.addFinal(sharedMagic)
        if let role {
            scope.addFinal(["role_name": .string(role.name), "role_path": .string(role.path)])
        }
        scope.setLazy("groups") {
            var groups = ValueDict()
            for name in inventory.sortedGroupNames() {
                let members = (try? inventory.select(name)) ?? []
                groups[name] = .list(members.map { .string($0.name) })
            }
            return .dict(groups)
        }
        scope.setLazy("hostvars") { [self] in .dict(self.hostvars()) }
    }

    /// Every host's variables, rendered in that host's own scope, for `hostvars[...]`.
    private func hostvars() -> ValueDict {
        var out = ValueDict()
        let snapshots = hostSnapshots
        var names = run.inventory.hosts.map(\.name)
        // The implicit localhost joins hostvars once a play runs on it, as in Ansible.
        names += snapshots.keys.filter { !names.contains($0) }.sorted()
        for name in names {
            let snapshot = snapshots[name]
            let scope = VariableScope(engine: run.engine)
            scope.addTemplated(snapshot?.inventoryVars ?? run.inventory.variables(for: name))
            scope.addFinal(Self.injectedFacts(snapshot?.facts ?? ValueDict()))
            scope.addTemplated(snapshot?.includedVars ?? ValueDict())
            if snapshot == nil, let delegated = run.delegatedFacts(for: name) { scope.addFinal(delegated) }
            scope.addFinal(snapshot?.runVars ?? ValueDict())
            scope.addFinal([
                "inventory_hostname": .string(name),
                "inventory_hostname_short": .string(String(name.split(separator: ".").first ?? "")),
                "group_names": .list(
                    run.inventory.groupNames(of: name).filter { $0 != "all" && $0 != "ungrouped" }.sorted()
                        .map(Value.string)),
            ])
            out[name] = .dict(scope.snapshot())
        }
        return out
    }
}
