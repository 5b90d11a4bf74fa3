import Diagnostics
import PlaybookModel
import Reporting
import Values
import YAML

#if canImport(Glibc)
    import Glibc
#endif

/// `gather_facts`: the `setup` module on every host of the batch, shown as Ansible shows it.
struct FactGathering {
    let playRun: PlayRun

    func gather(on hosts: [HostState]) {
        guard !hosts.isEmpty else { return }
        let facts = task
        playRun.runTask(facts.task, keywords: facts.keywords, hosts: hosts)
    }

    /// The `setup` task gathering runs, with the keywords it runs with.
    var task: (task: Task, keywords: InheritableKeywords) {
        let play = playRun.play
        var task = Task(module: "setup", moduleMark: play.mark, mark: play.mark)
        task.name = "Gathering Facts"
        task.effectiveTags = ["always"]
        if !play.gatherSubset.isEmpty {
            task.arguments["gather_subset"] = .list(play.gatherSubset.map(Value.string))
        }
        // Facts are read even in check mode: gathering changes nothing on the host.
        task.keywords.checkMode = .literal(false, at: play.mark)
        return (task, task.keywords.inheriting(from: play.keywords))
    }
}

/// Loads one `vars_files:` entry for a host: the first candidate (templated per host) that exists.
///
/// As Ansible does, an entry none of whose candidates exists stops the play; so does a file that
/// is not a mapping. A candidate whose name cannot be templated yet (a fact not gathered) is
/// passed over.
enum VarsFileLoader {
    static func load(_ file: VarsFile, scope: VariableScope, baseDirectory: String) throws(DiagnosticList) -> ValueDict {
        var tried: [String] = []
        var searched: [String] = []
        for candidate in file.candidates {
            guard let rendered = try? scope.render(.string(candidate), at: file.mark).renderedText else { continue }
            let path = rendered.hasPrefix("/") ? rendered : SearchPaths.join(baseDirectory, rendered)
            tried.append(rendered)
            searched.append(path)
            guard access(path, F_OK) == 0 else { continue }
            guard let loaded = try YAMLLoader.loadFile(path) else { return ValueDict() }
            let node = loaded.toValue()
            if node == .null { return ValueDict() }
            guard let dict = node.dictValue else {
                throw DiagnosticList([
                    .error(.wrongType, "vars file '\(rendered)' must contain a mapping of variables", at: loaded.mark)
                ])
            }
            return dict
        }
        guard !tried.isEmpty else { return ValueDict() }
        let message =
            tried.count == 1
            ? "vars file '\(tried[0])' was not found"
            : "none of the vars files \(tried.map { "'\($0)'" }.joined(separator: ", ")) was found"
        throw DiagnosticList([.error(.io, message, at: file.mark, hint: "looked for \(searched.joined(separator: ", "))")])
    }

    /// The file's variables, or `nil` once `warn` was told why: for callers that go on without.
    static func load(_ file: VarsFile, scope: VariableScope, baseDirectory: String, warn: (String) -> Void) -> ValueDict? {
        do {
            return try load(file, scope: scope, baseDirectory: baseDirectory)
        } catch {
            warn(error.diagnostics.map(\.rendered).joined(separator: "\n"))
            return nil
        }
    }
}
