import Modules
import PlaybookModel
import Values

/// When a host of a `linear` play may go on to its next task before the other hosts finish
/// the current one, without any result differing from a lockstep run.
///
/// Lockstep matters only where a host can see another host's progress or where one host's
/// outcome changes what the others do. A host sees others through `hostvars`, `groups`,
/// `play_hosts`/`ansible_play_*` (which drop failed hosts), and through templates and vars
/// files it loads while running; one host's outcome steers the others through `run_once`,
/// `delegate_to`, `throttle`, `any_errors_fatal`, `max_fail_percentage`, `meta` and the
/// inventory-changing modules. A task with none of these, in a play whose variables mention
/// none of those names, gives every host the same inputs whether or not the others are done.
enum RunAheadRules {
    /// Names through which a template reaches beyond its own host. "template" also stands for
    /// the `template` lookup, whose file the scan cannot see.
    private static let crossHostNames = [
        "hostvars", "groups", "play_hosts", "ansible_play_", "inventory_hostnames", "template",
    ]

    /// Modules that act for the play rather than the host, load text the scan cannot see, or
    /// pause the run: they keep the lockstep.
    private static let lockstepModules: Set<String> = [
        "meta", "add_host", "group_by", "pause", "include_vars", "template", "set_stats",
    ]

    /// Does any string in `value` (keys included) name what another host may change?
    static func mentionsOtherHosts(_ value: Value, depth: Int = 0) -> Bool {
        switch value {
        case .string(let text): return mentionsOtherHosts(text)
        case .list(let items): return depth < 64 && items.contains { mentionsOtherHosts($0, depth: depth + 1) }
        case .dict(let entries):
            return depth < 64
                && entries.contains { mentionsOtherHosts($0.key) || mentionsOtherHosts($0.value, depth: depth + 1) }
        default: return false
        }
    }

    /// The names as bytes, grouped by their first byte, for one pass over a text.
    private static let crossHostNamesByFirstByte: [[[UInt8]]] = {
        var table = [[[UInt8]]](repeating: [], count: 256)
        for name in crossHostNames { table[Int(name.utf8.first ?? 0)].append(Array(name.utf8)) }
        return table
    }()
    private static let shortestCrossHostName = crossHostNames.map(\.utf8.count).min() ?? 0

    static func mentionsOtherHosts(_ text: String) -> Bool {
        // One pass over the bytes rather than a search per name: this runs over every string
        // of every task and of every host's variables. A byte match may also be found where a
        // grapheme-wise search would not (a name followed by a combining mark): that only
        // keeps the lockstep.
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= shortestCrossHostName else { return false }
            for start in bytes.indices {
                for name in crossHostNamesByFirstByte[Int(bytes[start])] where bytes.count - start >= name.count {
                    var matched = true
                    for offset in 1..<name.count where bytes[start + offset] != name[offset] {
                        matched = false
                        break
                    }
                    if matched { return true }
                }
            }
            return false
        }
    }

    static func mentionsOtherHosts(_ dict: ValueDict) -> Bool { mentionsOtherHosts(.dict(dict)) }

    /// The play-wide part: the strategy, the run's options and every variable source the
    /// batch's tasks template from.
    static func playAllows(_ run: PlayRun) -> Bool {
        let context = run.context
        guard !run.isFree, !run.isFreeHostRun, run.play.maxFailPercentage == nil,
            run.run.options.startAtTask == nil, run.batch.count <= run.run.forks.limit
        else { return false }
        if mentionsOtherHosts(run.play.keywords.vars.values) || mentionsOtherHosts(context.playRoleDefaults)
            || mentionsOtherHosts(context.playRoleVars) || mentionsOtherHosts(run.run.extraVars)
        {
            return false
        }
        return !run.batch.contains { host in
            mentionsOtherHosts(host.inventoryVars) || context.varsFiles[host.name].map(mentionsOtherHosts) == true
        }
    }

    /// The task's own part: its module, its keywords and every text of it that is templated.
    static func taskAllows(_ task: Task, keywords: InheritableKeywords) -> Bool {
        guard !task.isHandler, !task.isMeta, !lockstepModules.contains(ModuleRegistry.shortName(task.module)),
            keywords.runOnce == nil, keywords.delegateTo == nil, keywords.throttle == nil,
            keywords.anyErrorsFatal == nil
        else { return false }
        // A templated name is rendered for the banner before the hosts start: it must not
        // depend on what the earlier tasks of the run-ahead leave behind.
        if let name = task.name, name.contains("{{") || name.contains("{%") { return false }
        if let role = task.role, mentionsOtherHosts(role.defaults) || mentionsOtherHosts(role.vars) { return false }
        var texts: [String] = []
        texts += (task.when + keywords.when + task.changedWhen + task.failedWhen + task.until).map(\.expression)
        texts += [keywords.becomeUser, keywords.becomeMethod, keywords.becomeFlags, keywords.remoteUser, keywords.connection]
            .compactMap { $0?.value }
        texts += [keywords.become?.template, keywords.ignoreErrors?.template, keywords.ignoreUnreachable?.template,
            keywords.noLog?.template, keywords.checkMode?.template, keywords.diff?.template,
            task.retries?.template, task.delay?.template, task.asyncSeconds?.template,
            task.poll?.template, keywords.port?.template, keywords.timeout?.template]
            .compactMap { $0 }
        if texts.contains(where: mentionsOtherHosts) { return false }
        if let loop = task.loop, mentionsOtherHosts(loop.value) { return false }
        if let label = task.loopControl?.label?.value, mentionsOtherHosts(label) { return false }
        if task.loopControl?.breakWhen.contains(where: { mentionsOtherHosts($0.expression) }) == true { return false }
        return !mentionsOtherHosts(.dict(task.arguments)) && !mentionsOtherHosts(keywords.vars.values)
            && !(keywords.environment.map { mentionsOtherHosts($0.value) } ?? false)
            && !(keywords.moduleDefaults.map { mentionsOtherHosts($0.value) } ?? false)
    }
}
