import Diagnostics
import Inventory
import Planner
import PlaybookModel

/// `--list-hosts`, `--list-tasks` and `--list-tags`, printed as Ansible prints them.
struct Listing {
    let loaded: LoadedRun

    func render(_ kinds: Set<RunOptions.Listing>, options: RunOptions) throws(Diagnostic) -> String {
        // As ansible-playbook: listing tags without --tags/--skip-tags selects `never` too.
        let listsEveryTag = kinds.contains(.tags) && options.tags.isEmpty && options.skipTags.isEmpty
        let tags = listsEveryTag
            ? TagSelection(only: ["never", "all"], skip: []) : TagSelection(only: options.tags, skip: options.skipTags)
        var out = ""
        for playbook in loaded.playbooks {
            out += "\nplaybook: \(playbook.path)\n"
            for (index, play) in playbook.plays.enumerated() {
                // An unnamed play is named after its pattern, as Ansible names it.
                let title = play.name ?? play.hosts.value
                out += "\n  play #\(index + 1) (\(play.hosts.value)): \(title)\tTAGS: [\(play.keywords.tags.joined(separator: ","))]\n"
                // Ansible's order whatever the flags' order: hosts, then tasks, then the tags.
                if kinds.contains(.hosts) {
                    let hosts = try selectHosts(play, limit: options.limit)
                    // Ansible shows the pattern as the one-string list it keeps: ['web,db'].
                    out += "    pattern: ['\(play.hosts.value)']\n"
                    out += "    hosts (\(hosts.count)):\n"
                    for host in hosts { out += "      \(host)\n" }
                }
                if kinds.contains(.tasks) {
                    out += "    tasks:\n"
                    for task in play.allTasks where !task.isHandler && tags.includes(Set(task.effectiveTags)) {
                        out += "      \(task.displayName)\tTAGS: [\(task.effectiveTags.sorted().joined(separator: ", "))]\n"
                    }
                }
                if kinds.contains(.tags) {
                    let listed = play.allTasks.filter { !$0.isHandler && tags.includes(Set($0.effectiveTags)) }
                    let all = Set(listed.flatMap(\.effectiveTags))
                    out += "      TASK TAGS: [\(all.sorted().joined(separator: ", "))]\n"
                }
            }
        }
        return out
    }

    private func selectHosts(_ play: Play, limit: String?) throws(Diagnostic) -> [String] {
        var hosts = try loaded.inventory.select(play.hosts.value, mark: play.hosts.mark)
        if let limit { hosts = try loaded.inventory.restrict(hosts, limit: limit) }
        return hosts.map(\.name)
    }
}
