import Modules
import Values

extension ModuleInvocation {
    /// The `invocation` ansible-core's module puts in its result: `{module_args: {…}}`, every
    /// parameter of its twin's argument spec. `nil` where ansible-core's result has none: the
    /// module has no twin on the target, or its action answered without running it (a fire
    /// and forget job, copy's `force: false` on an existing file).
    func invocation(for values: ValueDict) -> Value? {
        let name = module.spec.name
        guard let table = ModuleParameterTable.forModule(name), !(runsAsync && pollSeconds == 0) else { return nil }
        // ansible-core's gather_facts action keeps only the facts of the setup it runs.
        if isFactGathering { return nil }
        let given = givenArguments.map { (name: $0.key, value: $0.value) }
        switch name {
        case "copy" where arguments["remote_src"]?.isTruthy != true, "template":
            return transferInvocation(values, table: table, given: given).map(Value.dict)
        default:
            let moduleArguments = table.moduleArguments(
                given: given, normalized: arguments, spec: module.spec, hostName: targetHostName)
            return ["module_args": .dict(moduleArguments)]
        }
    }

    /// copy and template send the bytes to a temporary file first and then run ansible-core's
    /// copy module with it (`src` the temporary file, `_original_basename`, `checksum`); when
    /// the destination already holds those bytes they run the file module instead, which only
    /// sees the file's attributes.
    private func transferInvocation(
        _ values: ValueDict, table: ModuleParameterTable, given: [ModuleParameterTable.GivenArgument]
    ) -> ValueDict? {
        let isTemplate = module.spec.name == "template"
        let basename = originalBasename(isTemplate: isTemplate)
        let givenMode = given.first { $0.name == "mode" }?.value ?? .null
        // `force: false` on a file that exists: the action stops before any module.
        if !isTemplate, arguments["force"] == .bool(false), values["changed"]?.isTruthy != true {
            return actionArguments(givenArguments)
        }
        if values["path"] != nil {
            let attributes: Set = [
                "dest", "path", "mode", "owner", "group", "seuser", "serole", "selevel", "setype", "attributes",
                "unsafe_writes",
            ]
            var kept = given.filter { attributes.contains($0.name) && !(isTemplate && $0.name == "mode") }
            // template's action names the mode first, null when the task gave none.
            if isTemplate { kept.insert((name: "mode", value: givenMode), at: 0) }
            let injected: ValueDict = ["_original_basename": .string(basename), "recurse": false, "state": "file"]
            return ["module_args": .dict(ModuleParameterTable.file.moduleArguments(
                given: kept, normalized: arguments, spec: module.spec, injected: injected))]
        }
        guard values["checksum"] != nil else {
            guard isTemplate else { return actionArguments(givenArguments) }
            // template hands copy's action a task of its own: the rendered file (here the
            // template itself stands for ansible-core's local temporary copy), dest, follow, mode.
            var copyTask = givenArguments
            for name in ModuleParameterTable.copy.unlisted { copyTask[name] = nil }
            copyTask["src"] = arguments["src"]?.stringValue.map { .string(CopyModule.absolutePath($0)) } ?? .null
            copyTask["follow"] = arguments["follow"] ?? false
            copyTask["mode"] = givenMode
            return actionArguments(copyTask)
        }
        var injected = ValueDict()
        injected["src"] = values["src"] ?? .null
        // The two actions set these in different orders.
        if isTemplate {
            injected["mode"] = givenMode
            injected["follow"] = arguments["follow"] ?? false
            injected["_original_basename"] = .string(basename)
        } else {
            injected["_original_basename"] = .string(basename)
            injected["follow"] = arguments["follow"] ?? false
        }
        injected["checksum"] = values["checksum"] ?? .null
        return ["module_args": .dict(table.moduleArguments(
            given: given.filter { $0.name != "content" }, normalized: arguments, spec: module.spec, injected: injected))]
    }

    /// What ansible-core's copy action reports when it answered without running a module (check
    /// mode, `force: false` on an existing file, a failure of its own): the task's arguments as
    /// written, and again under `module_args`, `content` censored in both.
    private func actionArguments(_ task: ValueDict) -> ValueDict {
        var arguments = task
        var moduleArguments = task
        if arguments["content"] != nil { arguments["content"] = "CENSORED: content is a no_log parameter" }
        if let content = moduleArguments["content"], content != .null {
            moduleArguments["content"] = ModuleParameterTable.maskedValue
        }
        arguments["module_args"] = .dict(moduleArguments)
        return arguments
    }

    /// The implicit `Gathering Facts` task, or a task of the `gather_facts` action.
    var isFactGathering: Bool {
        module.spec.name == ModuleSpec.setup.name
            && (task.module.hasSuffix("gather_facts") || (task.name == "Gathering Facts" && task.mark == task.moduleMark))
    }

    /// The name ansible-core's copy is told the source had: the file's own name, or for
    /// `content:` the random name of the temporary file it was written to.
    private func originalBasename(isTemplate: Bool) -> String {
        let source = givenArguments["src"]?.stringValue ?? ""
        if !source.isEmpty {
            let trimmed = source.hasSuffix("/") ? String(source.dropLast()) : source
            return String(trimmed.split(separator: "/").last ?? Substring(trimmed))
        }
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789_")
        return "." + String((0..<8).map { _ in letters.randomElement() ?? "x" })
    }

    /// The target's own host name, which user's `ssh_key_comment` default ends with.
    private var targetHostName: String {
        host.facts["nodename"]?.stringValue ?? host.facts["hostname"]?.stringValue ?? host.name
    }
}
