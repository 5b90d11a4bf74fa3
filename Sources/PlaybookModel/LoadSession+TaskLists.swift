import Diagnostics
import Modules
import Values
import YAML

extension LoadSession {
    /// A list of task entries (`tasks:`, `block:`, a task file), each validated.
    func taskList(_ node: Node?, _ keyword: String, scope: TaskScope) -> [TaskItem] {
        guard let node, !node.isNull else { return [] }
        guard let entries = node.sequence else {
            error(.wrongType, "'\(keyword)' must be a list of tasks, not \(node.describedKind)", at: node.mark)
            return []
        }
        guard scope.depth < options.maxNesting else {
            error(.limit, "blocks and imports nest deeper than \(options.maxNesting) levels", at: node.mark)
            return []
        }
        return entries.compactMap { taskItem($0, scope: scope) }
    }

    private func taskItem(_ node: Node, scope: TaskScope) -> TaskItem? {
        let place = scope.isHandler ? "handler" : "task"
        guard node.mapping != nil else {
            let hint =
                node.sequence != nil
                ? "a task is a mapping such as '- name: …' with one '-'; remove the extra '-'" : nil
            error(
                .wrongType, "a \(place) must be a mapping of keywords, not \(node.describedKind)", at: node.mark,
                hint: hint)
            return nil
        }
        if node.value(forKey: "block") != nil {
            return block(node, scope: scope).map(TaskItem.block)
        }
        let valid = scope.isHandler ? Keywords.handler : Keywords.task
        guard let shape = taskShape(node, keywords: valid, place: place) else { return nil }
        switch shape.action {
        case .module:
            return moduleTask(shape, scope: scope).map(TaskItem.task)
        case .importTasks:
            return importTasks(shape, scope: scope).map(TaskItem.block)
        case .includeTasks:
            return includeTasks(shape, scope: scope).map(TaskItem.includeTasks)
        case .importRole:
            return importRole(shape, scope: scope).map(TaskItem.block)
        case .includeRole:
            return includeRole(shape, scope: scope).map(TaskItem.includeRole)
        case .importPlaybook:
            error(
                .other, "'import_playbook' can only be used at the top level of a playbook, not in a task list",
                at: shape.actionMark)
        case .legacyInclude:
            error(
                .unknownModule, "'include' was removed from Ansible", at: shape.actionMark,
                hint: "use 'include_tasks' (chosen at run time) or 'import_tasks' (read at load time)")
        }
        return nil
    }

    /// `block:` with `rescue:` and `always:`.
    private func block(_ node: Node, scope: TaskScope) -> Block? {
        var block = Block(mark: node.mark)
        var sections: [String: Node] = [:]
        for (key, pair) in node.keyedPairs {
            switch key {
            case "block", "rescue", "always":
                sections[key] = pair.value
            case "name":
                block.name = string(pair.value, key)?.value
            case "notify":
                block.notify = names(pair.value, key)
            case _ where Keywords.block.contains(key):
                _ = readInheritable(key, pair.value, into: &block.keywords)
            default:
                if Keywords.refuse(key, at: pair.key.mark, in: self) { continue }
                if Keywords.task.contains(key) || modules.action(named: key) != nil {
                    error(
                        .unknownKey, "'\(key)' cannot be used on a block", at: pair.key.mark,
                        hint: "put it on a task inside 'block:', or move the task out of the block")
                } else {
                    unknownKey(key, at: pair.key.mark, place: "block", valid: Keywords.block)
                }
            }
        }
        checkTemplates(in: node, skipping: Self.nonTemplateKeys.union(["block", "rescue", "always"]))
        block.effectiveTags = InheritableKeywords.union(scope.tags, block.keywords.tags)
        let inner = scope.adding(tags: block.keywords.tags).adding(moduleDefaults: block.keywords.moduleDefaults).nested()
        block.block = taskList(sections["block"], "block", scope: inner)
        block.rescue = taskList(sections["rescue"], "rescue", scope: inner)
        block.always = taskList(sections["always"], "always", scope: inner)
        return block
    }

    /// A module task: keywords read, arguments validated against the module's spec.
    private func moduleTask(_ shape: TaskShape, scope: TaskScope) -> Task? {
        guard let module = shape.action.moduleName else { return nil }
        let settings = taskSettings(shape.keywords)
        var task = Task(module: module, moduleMark: shape.actionMark, mark: shape.mark)
        task.writtenModule = shape.writtenName
        task.name = settings.name
        task.keywords = settings.keywords
        task.loop = settings.loop
        task.loop?.lookupSubdirectory = LoopSource.lookupSubdirectory(forAction: module)
        task.loopControl = settings.loopControl
        task.register = settings.register
        task.notify = settings.notify
        task.listen = settings.listen
        task.changedWhen = settings.changedWhen
        task.failedWhen = settings.failedWhen
        task.until = settings.until
        task.retries = settings.retries
        task.delay = settings.delay
        task.asyncSeconds = settings.asyncSeconds
        task.poll = settings.poll
        task.role = scope.role
        task.isHandler = scope.isHandler
        task.effectiveTags = InheritableKeywords.union(scope.tags, settings.keywords.tags)
        if let localMark = shape.localActionMark {
            if let explicit = task.keywords.delegateTo {
                error(
                    .conflict, "'local_action' already delegates to localhost; remove 'delegate_to'",
                    at: explicit.mark)
            }
            task.keywords.delegateTo = Located("localhost", at: localMark)
        }
        if scope.isHandler, task.name == nil, task.listen.isEmpty {
            error(
                .missingArgument, "a handler needs a 'name' (or 'listen') so tasks can notify it", at: shape.mark)
        }
        checkTemplates(in: shape.node, skipping: Self.nonTemplateKeys)
        for argument in shape.arguments {
            task.arguments[argument.name] = argument.value.toValue()
            task.argumentMarks[argument.name] = argument.value.mark
        }
        if shape.argumentsReadable, let spec = modules.spec(of: module) {
            let defaults = InheritableKeywords.stacked(scope.moduleDefaults, under: settings.keywords.moduleDefaults)
            report(validate(shape.arguments, against: spec, moduleMark: shape.actionMark, defaults: defaults, module: module))
            checkExpressionArguments(of: module, shape.arguments)
        }
        return task
    }

    /// The module's validation, minus the errors a misspelling causes downstream: with
    /// `nmae: nginx`, apt also lacks `name`, but saying so twice hides the one fix. A missing
    /// argument is reported only if it is still missing once each misspelled name is read as
    /// its suggestion.
    ///
    /// Arguments that `module_defaults` give the module count as given (their values are only
    /// known at run time, where the merged arguments are checked again); when the defaults are
    /// themselves a template, no argument is reported missing now.
    private func validate(
        _ written: [ArgumentNode], against spec: ModuleSpec, moduleMark: Mark, defaults: Located<Value>?, module: String
    ) -> [Diagnostic] {
        var arguments = written
        let coverage = ModuleDefaultsCoverage(defaults, module: module, spec: spec)
        for name in coverage.names where !written.contains(where: { spec.argument(named: $0.name)?.name == name }) {
            arguments.append(ArgumentNode(name: name, nameMark: moduleMark, value: ModuleDefaultsCoverage.placeholder(at: moduleMark)))
        }
        var problems = spec.validate(arguments, moduleMark: moduleMark)
        if coverage.isUnknown { problems.removeAll { $0.kind == .missingArgument } }
        guard !spec.acceptsAnyArguments, problems.contains(where: { $0.kind == .missingArgument }) else {
            return problems
        }
        let known = spec.allArgumentNames.filter { !$0.hasPrefix("_") }
        var corrected = arguments
        var anyCorrection = false
        for index in corrected.indices where spec.argument(named: corrected[index].name) == nil {
            if let guess = Suggestion.closest(to: corrected[index].name, in: known) {
                corrected[index].name = guess
                anyCorrection = true
            }
        }
        guard anyCorrection else { return problems }
        let stillMissing = Set(
            spec.validate(corrected, moduleMark: moduleMark).filter { $0.kind == .missingArgument }.map(\.message))
        return problems.filter { $0.kind != .missingArgument || stillMissing.contains($0.message) }
    }

    /// Arguments that are bare Jinja2 expressions, like `when:` (`assert: that:`, `debug: var:`):
    /// their syntax is checked now too.
    private func checkExpressionArguments(of module: String, _ arguments: [ArgumentNode]) {
        let names: Set<String> = module == "assert" ? ["that"] : module == "debug" ? ["var"] : []
        for argument in arguments where names.contains(argument.name) {
            for node in argument.value.sequence ?? [argument.value] {
                guard let text = node.text, !node.isNull, node.yamlBool == nil else { continue }
                checkExpressionSyntax(text, at: node.mark)
            }
        }
    }

    /// Keys whose values are expressions (checked as such) or nested task lists (checked
    /// task by task), not template text.
    static let nonTemplateKeys: Set<String> = [
        "when", "changed_when", "failed_when", "until", "loop_control", "tasks", "pre_tasks", "post_tasks",
        "handlers", "roles",
    ]

    /// Checks templates of a mapping's values, except for the keys given.
    func checkTemplates(in node: Node, skipping: Set<String>) {
        for (key, pair) in node.keyedPairs where !skipping.contains(key) {
            checkTemplates(in: pair.value)
        }
    }
}
