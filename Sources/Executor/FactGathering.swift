import Diagnostics
import PlaybookModel
import Reporting
import Values
import YAML

/// `gather_facts`: the `setup` module on every host of the batch, shown as Ansible shows it.
struct FactGathering {
    let playRun: PlayRun

    func gather(on hosts: [HostState]) {
        guard !hosts.isEmpty else { return }
        let play = playRun.play
        var task = Task(module: "setup", moduleMark: play.mark, mark: play.mark)
        task.name = "Gathering Facts"
        task.effectiveTags = ["always"]
        if !play.gatherSubset.isEmpty {
            task.arguments["gather_subset"] = .list(play.gatherSubset.map(Value.string))
        }
        // Facts are read even in check mode: gathering changes nothing on the host.
        task.keywords.checkMode = .literal(false, at: play.mark)
        playRun.runTask(task, keywords: task.keywords.inheriting(from: play.keywords), hosts: hosts)
    }
}

/// Loads one `vars_files:` entry for a host: the first candidate (templated per host) that exists.
enum VarsFileLoader {
    static func load(_ file: VarsFile, scope: VariableScope, baseDirectory: String, warn: (String) -> Void) -> ValueDict? {
        for candidate in file.candidates {
            guard let rendered = try? scope.render(.string(candidate), at: file.mark).renderedText else { continue }
            let path = rendered.hasPrefix("/") ? rendered : SearchPaths.join(baseDirectory, rendered)
            guard let loaded = try? YAMLLoader.loadFile(path) else { continue }
            let node = loaded.toValue()
            guard let dict = node.dictValue else {
                warn("\(file.mark): vars file \(path) is not a mapping; ignored")
                return nil
            }
            return dict
        }
        warn("\(file.mark): none of the vars files \(file.candidates) exists")
        return nil
    }
}
