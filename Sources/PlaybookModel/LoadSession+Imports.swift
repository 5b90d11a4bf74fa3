import Diagnostics
import Modules
import Values
import YAML

/// `import_tasks` / `include_tasks` / `import_role` / `include_role`.
extension LoadSession {
    static let includeTasksKeywords: Set<String> = Keywords.loops.union([
        "name", "when", "tags", "vars", "loop_control", "ignore_errors", "no_log", "run_once", "timeout",
        "collections", "debugger",
    ])
    static let importKeywords = Keywords.scoped
    static let includeRoleKeywords = Keywords.scoped.union(Keywords.loops).union(["loop_control"])

    /// `import_tasks`: the file is read now and its tasks take the import's place, inside a
    /// block carrying the import's keywords so they apply to every imported task.
    func importTasks(_ shape: TaskShape, scope: TaskScope) -> Block? {
        let arguments = statementArguments(shape, allowed: ["file", "_raw_params"])
        let settings = taskSettings(restrictedKeywords(shape, to: Self.importKeywords))
        guard let file = literalFile(arguments, shape: shape) else { return nil }
        let path = FilePaths.resolve(file.value, in: taskFileDirectories(for: scope))
        var block = Block(origin: .importTasks(path: path), mark: shape.mark)
        block.name = settings.name
        block.keywords = settings.keywords
        block.effectiveTags = InheritableKeywords.union(scope.tags, settings.keywords.tags)
        checkTemplates(in: shape.node, skipping: Self.nonTemplateKeys)
        guard FilePaths.isFile(path) else {
            missingTaskFile(file, scope: scope)
            return nil
        }
        var inner = scope.adding(tags: settings.keywords.tags).adding(moduleDefaults: settings.keywords.moduleDefaults).nested()
        inner.directory = FilePaths.directory(of: path)
        block.block = withFile(path, importedAt: file.mark) { taskFile(path, scope: inner, at: file.mark) } ?? []
        return block
    }

    /// `include_tasks`: kept for the run; a literal file name is also read now, so its
    /// problems are reported with the others.
    func includeTasks(_ shape: TaskShape, scope: TaskScope) -> IncludeTasks? {
        let arguments = statementArguments(shape, allowed: ["file", "_raw_params", "apply"])
        let settings = taskSettings(restrictedKeywords(shape, to: Self.includeTasksKeywords))
        guard let fileNode = (arguments["file"] ?? arguments["_raw_params"])?.value, let text = fileNode.text,
            !fileNode.isNull
        else {
            error(.missingArgument, "'include_tasks' needs a file name", at: shape.actionMark)
            return nil
        }
        var include = IncludeTasks(file: Located(text, at: fileNode.mark), mark: shape.mark)
        include.name = settings.name
        include.keywords = settings.keywords
        include.loop = settings.loop
        include.loopControl = settings.loopControl
        include.role = scope.role
        include.searchDirectories = taskFileDirectories(for: scope)
        include.effectiveTags = InheritableKeywords.union(scope.tags, settings.keywords.tags)
        include.inheritedTags = scope.tags
        if let apply = arguments["apply"]?.value { include.apply = applyKeywords(apply) }
        checkTemplates(in: shape.node, skipping: Self.nonTemplateKeys)
        if !fileNode.isTemplate {
            let path = include.resolve(text)
            if !FilePaths.isFile(path) {
                missingTaskFile(include.file, scope: scope)
            } else {
                var inner = scope.adding(tags: include.apply.tags).adding(moduleDefaults: include.apply.moduleDefaults).nested()
                inner.directory = FilePaths.directory(of: path)
                // A file including itself is legitimate at run time (a guarded recursion):
                // it is then read once, not followed.
                include.preloaded = withFile(path, importedAt: fileNode.mark, cycleIsError: false) {
                    taskFile(path, scope: inner, at: fileNode.mark)
                }
            }
        }
        return include
    }

    /// Where a relative task file named in `scope` is looked for: beside the file naming it,
    /// in its role's folder, then beside the playbook.
    func taskFileDirectories(for scope: TaskScope) -> [String] {
        Self.uniqued(scope.taskFileDirectories + [playbookDirectory])
    }

    /// Reads a task file: a YAML list of tasks.
    func taskFile(_ path: String, scope: TaskScope, at mark: Mark) -> [TaskItem] {
        guard let node = loadYAML(path, requestedAt: mark, what: "task file") else { return [] }
        return taskList(node, FilePaths.lastComponent(of: path), scope: scope)
    }

    private func missingTaskFile(_ file: Located<String>, scope: TaskScope) {
        let searched =
            file.value.hasPrefix("/")
            ? [file.value] : taskFileDirectories(for: scope).map { FilePaths.join($0, file.value) }
        error(
            .io, "could not find task file '\(file.value)'", at: file.mark,
            hint: "searched: \(searched.joined(separator: ", "))")
    }

    private func literalFile(_ arguments: [String: ArgumentNode], shape: TaskShape) -> Located<String>? {
        guard let node = (arguments["file"] ?? arguments["_raw_params"])?.value, let text = node.text, !node.isNull
        else {
            error(.missingArgument, "'\(shape.action.name)' needs a file name", at: shape.actionMark)
            return nil
        }
        guard !node.isTemplate else {
            error(
                .other, "'\(shape.action.name)' reads its file at load time, before variables are known", at: node.mark,
                hint: "use 'include_tasks' to choose the file at run time")
            return nil
        }
        return Located(text, at: node.mark)
    }

    /// The arguments of an include/import statement by name; unknown ones are reported.
    func statementArguments(_ shape: TaskShape, allowed: [String]) -> [String: ArgumentNode] {
        var result: [String: ArgumentNode] = [:]
        let visible = allowed.filter { $0 != "_raw_params" }
        for argument in shape.arguments {
            if allowed.contains(argument.name) {
                result[argument.name] = argument
            } else {
                error(
                    .unknownArgument, "unknown argument '\(argument.name)' for '\(shape.action.name)'",
                    at: argument.nameMark,
                    hint: Suggestion.didYouMean(argument.name, in: visible)
                        ?? "'\(shape.action.name)' takes: \(visible.joined(separator: ", "))")
            }
        }
        return result
    }

    /// The keywords of a statement that accepts only some task keywords.
    func restrictedKeywords(_ shape: TaskShape, to allowed: Set<String>) -> [(key: String, pair: Pair)] {
        shape.keywords.filter { key, pair in
            if allowed.contains(key) { return true }
            let hint: String
            if Keywords.loops.contains(key) || key == "loop_control" {
                hint =
                    "imports are read once at load time and cannot loop; use 'include_\(shape.action.name.dropFirst("import_".count))'"
            } else if shape.action == .includeTasks, Keywords.scoped.contains(key) {
                hint = "to apply it to the included tasks write: apply: {\(key): …}"
            } else {
                hint = "it has no meaning for '\(shape.action.name)'"
            }
            error(.unknownKey, "'\(key)' cannot be used with '\(shape.action.name)'", at: pair.key.mark, hint: hint)
            return false
        }
    }

    /// `apply:` of include_tasks/include_role: block keywords for every included task.
    func applyKeywords(_ node: Node) -> InheritableKeywords {
        var keywords = InheritableKeywords()
        guard node.mapping != nil else {
            if !node.isNull {
                error(.wrongType, "'apply' must be a mapping of keywords, not \(node.describedKind)", at: node.mark)
            }
            return keywords
        }
        for (key, pair) in node.keyedPairs {
            if Keywords.scoped.contains(key) {
                _ = readInheritable(key, pair.value, into: &keywords)
            } else {
                unknownKey(key, at: pair.key.mark, place: "apply", valid: Keywords.scoped)
            }
        }
        return keywords
    }
}
