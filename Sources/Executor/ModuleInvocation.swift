import Diagnostics
import Inventory
import Modules
import PlaybookModel
import Reporting
import Templating
import Transport
import Values

/// One module call with everything decided: rendered and normalised arguments, become, check
/// and diff mode, where it runs. Preparing templates on the controller; performing talks to
/// the host (or stays on the controller for `debug`, `set_fact`, `assert`, `fail`, `meta`).
struct ModuleInvocation {
    let runner: TaskRunner
    let scope: VariableScope
    let module: any Module
    let arguments: ValueDict
    /// The arguments as the task wrote them (module_defaults first), before normalisation:
    /// `invocation.module_args` keeps an alias's spelling and value.
    var givenArguments = ValueDict()
    let context: ModuleContext
    let delegateTo: String?
    /// Argument values of a `no_log` task or of `no_log` arguments, to mask everywhere.
    let secretTexts: [String]
    /// `connection:`, `remote_user:` and `port:` of the task or play (else `-c`), as the
    /// variables they stand in for where the inventory sets none.
    let connectionDefaults: ValueDict
    /// `async:` seconds (0: the program runs attached) and `poll:` seconds (0: fire and forget).
    var asyncSeconds = 0
    var pollSeconds = 10

    /// Out of line: its locals would otherwise stay on the stack through the whole module run
    /// (see `TaskRunner`).
    @inline(never)
    static func prepare(
        task: Task, keywords: InheritableKeywords, scope: VariableScope, play: PlayContext, host: HostState
    ) throws(TemplateError) -> ModuleInvocation {
        let runner = TaskRunner(play: play, host: host, task: task, keywords: keywords)
        guard let module = play.userModules[task.module] ?? ModuleRegistry.module(named: task.module) else {
            throw TemplateError(kind: .syntax, diagnostic: .error(
                .unknownModule, "module '\(task.module)' is not available", at: task.moduleMark))
        }
        // `module_defaults` first; the task's own arguments override them one by one.
        var rendered = try ModuleDefaults.arguments(
            for: task.module, canonicalName: module.spec.name, defaults: keywords.moduleDefaults, scope: scope)
        for name in rendered.keys where rendered[name]?.stringValue == RunShared.omitPlaceholder {
            rendered[name] = nil
        }
        for (name, value) in task.arguments {
            let mark = task.argumentMarks[name] ?? task.moduleMark
            let value = try scope.render(value, at: mark)
            if value.stringValue == RunShared.omitPlaceholder {
                rendered[name] = nil
                continue
            }
            rendered[name] = value
        }
        var arguments: ValueDict
        do {
            arguments = try module.spec.normalize(rendered, at: task.moduleMark)
        } catch {
            let first = error.diagnostics.first ?? .error(.wrongType, "invalid arguments", at: task.moduleMark)
            throw TemplateError(kind: .typeError, diagnostic: first)
        }
        if module is TemplateModule {
            try TemplateRendering.render(
                arguments: &arguments, task: task, scope: scope, playbook: play.playbook, engine: play.run.engine)
        }
        let options = play.run.options
        let check = try scope.bool(keywords.checkMode, default: options.check)
        let diff = try scope.bool(keywords.diff, default: options.diff)
        let become = try BecomeResolution.resolve(keywords: keywords, play: play, scope: scope)
        let timeout = try scope.int(keywords.timeout, default: Int(options.taskTimeout))
        let delegate = try scope.string(keywords.delegateTo)
        var secrets = module.spec.arguments.filter(\.noLog).compactMap { arguments[$0.name]?.renderedText }
        if try scope.bool(keywords.noLog, default: false) {
            // What the user wrote, not the defaults normalisation adds (`state: present`,
            // `force: true`): those would be masked everywhere for the rest of the run.
            secrets += rendered.values.flatMap(\.leafTexts)
        }
        var context = ModuleContext(
            checkMode: check, diff: diff, become: become,
            searchDirectories: SearchPaths.files(for: task, playbook: play.playbook),
            predictedPackages: host.predictedPackages,
            secrets: secrets + play.run.secrets,
            timeoutSeconds: timeout > 0 ? Double(timeout) : nil)
        context.predictedDirectories = host.predictedDirectories
        var connectionDefaults = ValueDict()
        if let connection = try scope.string(keywords.connection) ?? options.connection {
            connectionDefaults["ansible_connection"] = .string(connection)
        }
        if let user = try scope.string(keywords.remoteUser) { connectionDefaults["ansible_user"] = .string(user) }
        if let port = keywords.port { connectionDefaults["ansible_port"] = .int(try scope.int(port, default: 22)) }
        var invocation = ModuleInvocation(
            runner: runner, scope: scope, module: module, arguments: arguments, context: context,
            delegateTo: delegate, secretTexts: secrets, connectionDefaults: connectionDefaults)
        invocation.givenArguments = rendered
        invocation.asyncSeconds = max(0, try scope.int(task.asyncSeconds, default: 0))
        invocation.pollSeconds = max(0, try scope.int(task.poll, default: 10))
        return invocation
    }

    var task: Task { runner.task }
    var host: HostState { runner.host }

    func perform() -> ItemOutcome {
        if runsAsync, !supportsAsync { return asyncRefused() }
        if module.spec.runsOnController {
            return ControllerModules(invocation: self).perform()
        }
        if context.checkMode, !module.spec.supportsCheckMode {
            var values = ValueDict()
            values["changed"] = false
            values["skipped"] = true
            values["msg"] = "skipped: the module does not support check mode"
            return outcome(.skipped, values)
        }
        let connection: any Connection
        do {
            connection = try ensureConnection()
        } catch {
            return unreachable(error)
        }
        var result: ModuleResult
        let job = runsAsync
            ? AsyncJobConnection(
                base: connection, seconds: asyncSeconds, poll: pollSeconds, note: asyncNote(),
                interrupted: { [run = runner.run] in run.interrupted }, stillRunning: reportPoll)
            : nil
        do {
            result = try module.run(arguments, context: context, on: job ?? connection)
        } catch {
            if error.makesHostUnreachable { return unreachable(error) }
            return outcome(.failed, ["failed": true, "changed": false, "msg": .string(error.description)])
        }
        if let job { result = asyncResult(result, via: job) }
        if module.spec.name == ModuleSpec.asyncStatus.name { result = AsyncJobStatus.result(from: result, host: host.name) }
        host.predictedPackages.formUnion(result.predictedPackages)
        if context.checkMode, result.changed, !result.failed, let directory = predictedDirectory() {
            host.predictedDirectories.insert(directory)
        }
        // Any remote module may return facts (`setup` does); they join the host's facts under
        // their clean names (`os_family`), which PlayContext also injects as `ansible_os_family`.
        // Built whole before merging: the first facts of a host (all of `setup`'s) then become
        // its facts as one exactly sized dict, not one grown key by key.
        if let facts = result.values["ansible_facts"]?.dictValue {
            let cleanNames = facts.map { (name, value) in
                (name.hasPrefix("ansible_") ? KeyInterning.shared(String(name.dropFirst(8))) : name, value)
            }
            host.facts.merge(ValueDict(cleanNames))
            // Ansible also injects a fact under its own name: `getent_passwd`, not only
            // `ansible_facts.getent_passwd`.
            for (name, value) in facts where !name.hasPrefix("ansible_") { host.runVars[name] = value }
        }
        let status: TaskStatus = result.failed ? .failed : result.skipped ? .skipped : result.changed ? .changed : .ok
        var values = result.values
        if values["invocation"] == nil, let invocation = invocation(for: values) { values["invocation"] = invocation }
        // Shown at no verbosity, as ansible-core's gather_facts result asks.
        if isFactGathering { values["_ansible_verbose_override"] = true }
        return outcome(status, values)
    }

    /// The module and arguments of a fire-and-forget job, for an `async_status` of a later run
    /// (Ansible's job file holds the module's whole result: `cmd`, `delta`, …). Never written
    /// when it would hold a secret.
    private func asyncNote() -> String? {
        guard pollSeconds == 0 else { return nil }
        var note = ValueDict()
        note["module"] = .string(module.spec.name)
        note["arguments"] = .dict(arguments)
        let text = JSON.serialize(.dict(note), pretty: false, sortKeys: true, indent: 0, ensureASCII: false)
        let leaks = context.secrets.contains { secret in
            let quoted = JSON.serialize(.string(secret), ensureASCII: false).dropFirst().dropLast()
            return !secret.isEmpty && (text.contains(secret) || text.contains(quoted))
        }
        return leaks ? nil : text
    }

    /// The directory a `file: state=directory` task would create (check mode carries it forward).
    private func predictedDirectory() -> String? {
        guard module.spec.name == "file", arguments["state"]?.stringValue == "directory" else { return nil }
        return arguments["path"]?.stringValue
    }

    func outcome(_ status: TaskStatus, _ values: ValueDict) -> ItemOutcome {
        ItemOutcome(
            result: HostTaskResult(
                host: host.name, status: status, delegatedTo: delegateTo, result: values,
                action: module.spec.name, showDiff: context.diff),
            values: values)
    }

    private func unreachable(_ error: TransportError) -> ItemOutcome {
        // ansible-core's order: the connection's answer, then the `changed` every result gets.
        var values = ValueDict()
        values["unreachable"] = true
        values["msg"] = .string(error.description)
        values["changed"] = false
        return outcome(.unreachable, values)
    }

    /// The host's one connection, opened on first use and kept for the whole run.
    private func ensureConnection() throws(TransportError) -> any Connection {
        if let delegateTo, delegateTo != host.name {
            if let open = host.delegateConnections[delegateTo] { return open }
            let connection = try runner.play.run.connections.connect(
                host: delegateTo, settings: try settings(forDelegate: delegateTo))
            host.delegateConnections[delegateTo] = connection
            return connection
        }
        // A task that logs in as another user (its own `remote_user:`) gets a connection of its
        // own, as Ansible's does; later tasks as the same user reuse it.
        let user = loginUser
        if let open = host.connection, host.connectionUser == user { return open }
        if let open = host.otherUserConnections[user] { return open }
        let started = Clock.monotonic()
        let connection = try runner.play.run.connections.connect(
            host: host.name, settings: try settings(for: scope, name: host.name, defaults: connectionDefaults))
        host.connectSeconds += Clock.monotonic() - started
        if host.connection == nil {
            host.connection = connection
            host.connectionUser = user
        } else {
            host.otherUserConnections[user] = connection
        }
        return connection
    }

    /// The user this task logs in as, in Ansible's order: `ansible_user` (or `ansible_ssh_user`),
    /// then `remote_user:`; "" leaves it to `-u` and the SSH options, the same for every task.
    private var loginUser: String {
        for name in ["ansible_user", "ansible_ssh_user"] {
            if let value = (try? scope.resolve(name)) ?? nil { return value.renderedText }
        }
        return connectionDefaults["ansible_user"]?.renderedText ?? ""
    }

    /// The host's connection variables; `defaults` fill in what the inventory leaves unset
    /// (Ansible's order: `ansible_user` beats `remote_user:`, which beats `-u`).
    @inline(never)
    private func settings(for scope: VariableScope, name: String, defaults: ValueDict = ValueDict())
        throws(TransportError) -> HostConnectionSettings
    {
        var vars = ValueDict()
        for key in ConnectionVariables.names {
            if let value = try? scope.resolve(key) { vars[key] = value }
        }
        let aliases = ["ansible_user": "ansible_ssh_user", "ansible_port": "ansible_ssh_port"]
        for (key, value) in defaults where vars[key] == nil && aliases[key].map({ vars[$0] == nil }) != false {
            vars[key] = value
        }
        let sshArguments = ConnectionVariables.sshArgumentNames.compactMap { try? scope.resolve($0)?.renderedText }
        do {
            return HostConnectionSettings(
                inventory: try ConnectionSettings(vars: vars, inventoryHostname: name),
                sshOptions: SSHCommandLineOptions.parse(sshArguments.joined(separator: " ")))
        } catch {
            throw .unreachable(host: name, reason: error.rendered)
        }
    }

    /// `delegate_to: localhost` runs locally; another inventory host is reached with its own vars.
    @inline(never)
    private func settings(forDelegate name: String) throws(TransportError) -> HostConnectionSettings {
        let inventory = runner.play.run.inventory
        let scope = VariableScope(engine: runner.play.run.engine)
        scope.addTemplated(inventory.host(named: name).map { _ in inventory.variables(for: name) } ?? ValueDict())
        if inventory.host(named: name) == nil, Host.localhostNames.contains(name) {
            scope.addFinal(["ansible_connection": "local"])
        }
        return try settings(for: scope, name: name)
    }
}

/// The inventory variables that decide how a host is reached.
enum ConnectionVariables {
    static let names = [
        "ansible_host", "ansible_ssh_host", "ansible_port", "ansible_ssh_port", "ansible_user",
        "ansible_ssh_user", "ansible_password", "ansible_ssh_pass", "ansible_ssh_private_key_file",
        "ansible_private_key_file", "ansible_connection", "ansible_timeout", "ansible_become",
        "ansible_become_user", "ansible_become_method", "ansible_become_password", "ansible_become_pass",
    ]
    /// OpenSSH options given the way Ansible users pass them to ssh (`-o UserKnownHostsFile=…`).
    static let sshArgumentNames = ["ansible_ssh_common_args", "ansible_ssh_extra_args"]
}

extension Value {
    /// Every string inside a value, for masking a `no_log` task's arguments. Booleans and
    /// numbers are left out: masking every `true` or `644` would garble all later output.
    var leafTexts: [String] {
        switch self {
        case .list(let items): return items.flatMap(\.leafTexts)
        case .dict(let dict): return dict.values.flatMap(\.leafTexts)
        case .string(let text): return text.count >= 3 ? [text] : []
        default: return []
        }
    }
}
