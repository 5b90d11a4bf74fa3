import Diagnostics
import PlaybookModel
import Reporting
import Templating
import Values

#if canImport(Glibc)
    import Glibc
#endif

extension PlayRun {
    /// `block:` / `rescue:` / `always:` with Ansible's semantics: hosts that fail in the block
    /// run the rescue tasks (and count as rescued when those pass); every host that entered the
    /// block runs the always tasks, failed or not; failures stay failures afterwards.
    func runBlock(_ block: Block, inherited: InheritableKeywords) {
        let entered = activeHosts
        guard !entered.isEmpty else { return }
        let failedBefore = Set(entered.filter(\.failed).map(\.name))
        let frame = block.rescue.isEmpty ? nil : BlockFrame()
        if let frame { frames.append(frame) }
        let outerBefore = frames.dropLast(frame == nil ? 0 : 1).map(\.failed)
        runItems(block.block, inherited: inherited)
        if let frame {
            frames.removeLast()
            let rescueHosts = entered.filter { frame.failed.contains($0.name) && !$0.unreachable }
            if !rescueHosts.isEmpty {
                withHosts(rescueHosts) { runItems(block.rescue, inherited: inherited) }
            }
        }
        guard !block.always.isEmpty else { return }
        // Hosts that failed inside this block still run `always`; they stay failed after it.
        let failedHere = entered.filter { $0.failed && !failedBefore.contains($0.name) }
        let caughtOutside = zip(frames.indices, outerBefore).map { index, before in frames[index].failed.subtracting(before) }
        for host in failedHere { host.failed = false }
        for (index, added) in zip(frames.indices, caughtOutside) { frames[index].failed.subtract(added) }
        withHosts(entered.filter { !$0.unreachable }) { runItems(block.always, inherited: inherited) }
        for host in failedHere { host.failed = true }
        for (index, added) in zip(frames.indices, caughtOutside) { frames[index].failed.formUnion(added) }
    }

    /// Runs `body` with the batch narrowed to `hosts` (rescue and always sections).
    func withHosts(_ hosts: [HostState], _ body: () -> Void) {
        let saved = batch
        batch = hosts
        body()
        batch = saved
    }

    /// `include_tasks`: the file is rendered per host and loop item; hosts that include the
    /// same file with the same item run it together, with the item as a variable.
    func runInclude(_ include: IncludeTasks, inherited: InheritableKeywords) {
        guard run.tags.includes(Set(include.effectiveTags)) else { return }
        guard !activeHosts.isEmpty else { return }
        let heading = announceInclude(name: include.name ?? "include_tasks", mark: include.mark)
        let groups = includedFiles(include, inherited: inherited, heading: heading)
        // The include's own `when` decided whether it happens; unlike an import's, it is not
        // evaluated again for every included task (which may well change what it tests).
        var base = inherited
        base.when = Array(inherited.when.dropLast(include.keywords.when.count))
        let loopVar = include.loopControl?.itemVariable ?? "item"
        // ansible-core reports every `included:` line of the task first, then runs the files
        // one after the other.
        var loaded: [(items: [TaskItem], item: Value?, hosts: [HostState])] = []
        for group in groups {
            let hosts = group.hosts.filter(\.isActive)
            guard !hosts.isEmpty else { continue }
            do throws(DiagnosticList) {
                // A literal file name was read and validated with the playbook already.
                let items: [TaskItem]
                if let preloaded = include.preloaded {
                    items = preloaded
                } else {
                    items = try PlaybookLoader.loadTasks(
                        for: include, renderedFile: group.rendered, options: context.playbook.options,
                        moduleDefaults: include.apply.inheriting(from: base).moduleDefaults)
                }
                announceIncluded(Self.absolute(group.path), for: hosts, item: group.item, heading: heading)
                loaded.append((items, group.item, hosts))
            } catch {
                let message = error.diagnostics.map(\.rendered).joined(separator: "\n")
                for host in hosts { failInclude(host, message: message) }
            }
        }
        for group in loaded {
            let hosts = group.hosts.filter(\.isActive)
            guard !hosts.isEmpty, !stopped, !run.interrupted else { continue }
            var applied = include.apply.inheriting(from: base)
            if let item = group.item {
                applied.vars.values[loopVar] = item
                applied.vars.marks[loopVar] = include.mark
            }
            withHosts(hosts) { runItems(group.items, inherited: applied) }
        }
    }

    /// One included file for a set of hosts: per host and loop item, the file is rendered;
    /// hosts that include the same file with the same item run it together, in the order the
    /// (file, item) pairs first appear, as Ansible's linear strategy does.
    private func includedFiles(_ include: IncludeTasks, inherited: InheritableKeywords, heading: TaskHeading?)
        -> [(path: String, rendered: String, item: Value?, hosts: [HostState])]
    {
        var groups: [(path: String, rendered: String, item: Value?, hosts: [HostState])] = []
        let loopVar = include.loopControl?.itemVariable ?? "item"
        for host in activeHosts {
            let scope = context.scope(for: host, role: nil, keywords: inherited)
            do throws(TemplateError) {
                var items: [Value?] = [nil]
                if let loop = include.loop {
                    items = try LoopExpansion.items(of: loop, scope: scope, playbookDirectory: context.playbook.directory)
                }
                for item in items {
                    if let item { scope.setFinal(loopVar, item) }
                    if let condition = try scope.firstFalse(inherited.when) {
                        if include.loop == nil { skipInclude(host, condition: condition, heading: heading) }
                        continue
                    }
                    let rendered = try scope.render(.string(include.file.value), at: include.file.mark).renderedText
                    let path = include.resolve(rendered)
                    if let index = groups.firstIndex(where: { $0.path == path && $0.item == item }) {
                        groups[index].hosts.append(host)
                    } else {
                        groups.append((path, rendered, item, [host]))
                    }
                }
            } catch {
                // A file name or loop that cannot be rendered fails the host, visibly.
                failInclude(host, message: error.diagnostic.rendered)
            }
        }
        return groups
    }

    /// The include's banner, as for any task; under `free` its heading goes with each line.
    func announceInclude(name: String, mark: Mark) -> TaskHeading? {
        let location = mark.isSynthetic ? nil : "\(Self.absolute(mark.file)):\(mark.line)"
        if !isFreeHostRun {
            run.reporter.report(.taskStarted(name: name, path: location, isHandler: false))
            return nil
        }
        return TaskHeading(id: "\(mark.file):\(mark.line):\(mark.column):include", name: name, path: location, isHandler: false)
    }

    /// `included: FILE for HOSTS`; each host counts the include as ok, as ansible-core counts it.
    func announceIncluded(_ path: String, for hosts: [HostState], item: Value?, heading: TaskHeading?) {
        run.reporter.report(
            .included(path: path, hosts: hosts.map(\.name), itemLabel: item?.pythonString, task: heading))
        for host in hosts {
            run.record(HostTaskResult(host: host.name, status: .ok, action: "include"))
        }
    }

    /// ansible-core names an included file by its absolute path.
    static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return normalized(path) }
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let directory = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return normalized(SearchPaths.join(directory, path))
    }

    /// An absolute path without `.` and `..` components or doubled slashes, as Python's
    /// `os.path.normpath` leaves the paths ansible-core prints.
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    func skipInclude(_ host: HostState, condition: Conditional, heading: TaskHeading?) {
        var values: ValueDict = ["changed": false, "skipped": true, "skip_reason": "Conditional result was False"]
        values["false_condition"] = condition.resultValue
        let result = HostTaskResult(host: host.name, status: .skipped, result: values, action: "include_tasks", task: heading)
        run.reporter.report(.hostResult(result))
        run.record(result)
    }

    func failInclude(_ host: HostState, message: String) {
        let result = HostTaskResult(
            host: host.name, status: .failed, result: ["failed": true, "changed": false, "msg": .string(message)],
            action: "include_tasks")
        run.reporter.report(.hostResult(result))
        run.record(result)
        host.failed = true
    }

    /// Runs notified handlers in the order they are defined, each once per flush, on the hosts
    /// that notified them; handlers notified by handlers run in a further pass.
    /// `only`: the hosts an explicit `meta: flush_handlers` ran on (its `when:` may leave some
    /// out, whose handlers then wait, as in ansible-core); nil for the implicit flushes.
    func flushHandlers(only: Set<String>? = nil) {
        for _ in 0..<8 {
            let pending = batch.filter {
                !$0.notified.isEmpty && (run.options.forceHandlers || $0.isActive) && only?.contains($0.name) != false
            }
            guard !pending.isEmpty else { return }
            var consumed: [String: [String]] = [:]
            for host in pending { consumed[host.name] = host.notified }
            for host in pending { host.notified = [] }
            for handler in play.handlers {
                let targets = pending.filter { host in
                    consumed[host.name, default: []].contains { handler.answers(to: $0) }
                        && (run.options.forceHandlers || host.isActive)
                }
                guard !targets.isEmpty else { continue }
                runTask(handler, keywords: handlerKeywords(handler), hosts: targets)
            }
        }
    }

    /// A role's handler sees the role's parameters (`roles: [{role: web, port: 8081}]`) as
    /// the role's tasks do.
    private func handlerKeywords(_ handler: Task) -> InheritableKeywords {
        guard let role = handler.role,
            let invocation = play.roles.first(where: { $0.role == role && $0.handlers.contains(handler) })
        else { return handler.keywords.inheriting(from: play.keywords) }
        return handler.keywords.inheriting(from: invocation.keywords.inheriting(from: play.keywords))
    }
}
