import Diagnostics
import Modules
import Values
import YAML

/// `import_role` (read now, its tasks take the statement's place) and `include_role`
/// (run when reached; read now too when its name is literal, to report problems early).
extension LoadSession {
    static let importRoleArguments = [
        "name", "_raw_params", "tasks_from", "vars_from", "defaults_from", "handlers_from", "allow_duplicates",
        "rolespec_validate",
    ]
    static let includeRoleArguments = importRoleArguments + ["apply", "public"]

    func importRole(_ shape: TaskShape, scope: TaskScope) -> Block? {
        let arguments = statementArguments(shape, allowed: Self.importRoleArguments)
        let settings = taskSettings(restrictedKeywords(shape, to: Self.importKeywords))
        checkTemplates(in: shape.node, skipping: Self.nonTemplateKeys)
        guard let name = roleName(arguments, shape: shape) else { return nil }
        guard !name.value.contains("{{") else {
            error(
                .other, "'import_role' reads the role at load time, before variables are known", at: name.mark,
                hint: "use 'include_role' to choose the role at run time")
            return nil
        }
        guard let files = roleFiles(arguments, literalOnly: true) else { return nil }
        var block = Block(origin: .importRole(name: name.value), mark: shape.mark)
        block.name = settings.name
        block.keywords = settings.keywords
        block.effectiveTags = InheritableKeywords.union(scope.tags, settings.keywords.tags)
        let entry = RoleEntry(name: name.value, nameMark: name.mark, mark: shape.mark)
        let invocations = invokeRole(
            entry, searchPaths: scope.roleSearchPaths, tags: block.effectiveTags, files: files, deduplicate: false)
        roleHandlers += invocations.flatMap(\.handlers)
        block.block = invocations.map { invocation in
            var roleBlock = Block(origin: .importRole(name: invocation.role.name), mark: invocation.mark)
            roleBlock.keywords = invocation.keywords
            roleBlock.block = invocation.tasks
            roleBlock.effectiveTags = invocation.effectiveTags
            return .block(roleBlock)
        }
        return block
    }

    func includeRole(_ shape: TaskShape, scope: TaskScope) -> IncludeRole? {
        let arguments = statementArguments(shape, allowed: Self.includeRoleArguments)
        let settings = taskSettings(restrictedKeywords(shape, to: Self.includeRoleKeywords))
        checkTemplates(in: shape.node, skipping: Self.nonTemplateKeys)
        guard let name = roleName(arguments, shape: shape) else { return nil }
        var include = IncludeRole(roleName: name, mark: shape.mark)
        include.name = settings.name
        include.keywords = settings.keywords
        include.loop = settings.loop
        include.loopControl = settings.loopControl
        include.effectiveTags = InheritableKeywords.union(scope.tags, settings.keywords.tags)
        include.inheritedTags = scope.tags
        include.roleSearchPaths = scope.roleSearchPaths
        include.tasksFrom = arguments["tasks_from"].flatMap { string($0.value, "tasks_from") }
        include.varsFrom = arguments["vars_from"].flatMap { string($0.value, "vars_from") }
        include.defaultsFrom = arguments["defaults_from"].flatMap { string($0.value, "defaults_from") }
        include.handlersFrom = arguments["handlers_from"].flatMap { string($0.value, "handlers_from") }
        include.isPublic = arguments["public"].flatMap { bool($0.value, "public") }
        include.allowDuplicates = arguments["allow_duplicates"].flatMap { bool($0.value, "allow_duplicates") }
        if let apply = arguments["apply"]?.value { include.apply = applyKeywords(apply) }
        if !name.value.contains("{{"), let files = roleFiles(arguments, literalOnly: false) {
            let entry = RoleEntry(name: name.value, nameMark: name.mark, mark: shape.mark)
            let tags = InheritableKeywords.union(include.inheritedTags, include.apply.tags)
            let invocations = invokeRole(
                entry, searchPaths: scope.roleSearchPaths, tags: tags, files: files, deduplicate: false)
            if !invocations.isEmpty {
                include.preloaded = invocations
                roleHandlers += invocations.flatMap(\.handlers)
            }
        }
        return include
    }

    private func roleName(_ arguments: [String: ArgumentNode], shape: TaskShape) -> Located<String>? {
        guard let node = (arguments["name"] ?? arguments["_raw_params"])?.value, let text = node.text, !node.isNull
        else {
            error(.missingArgument, "'\(shape.action.name)' needs the role's name: name: <role>", at: shape.actionMark)
            return nil
        }
        return Located(text, at: node.mark)
    }

    /// The `…_from` arguments; nil when one is templated (the role is then read at run time,
    /// or — for import_role, which cannot wait — refused).
    private func roleFiles(_ arguments: [String: ArgumentNode], literalOnly: Bool) -> RoleFiles? {
        var files = RoleFiles()
        let fields: [(String, WritableKeyPath<RoleFiles, String?>)] = [
            ("tasks_from", \.tasksFrom), ("handlers_from", \.handlersFrom), ("vars_from", \.varsFrom),
            ("defaults_from", \.defaultsFrom),
        ]
        for (argument, field) in fields {
            guard let node = arguments[argument]?.value, !node.isNull else { continue }
            if node.isTemplate {
                if literalOnly {
                    error(
                        .other, "'\(argument)' of 'import_role' cannot be templated", at: node.mark,
                        hint: "use 'include_role'")
                }
                return nil
            }
            files[keyPath: field] = string(node, argument)?.value
        }
        return files
    }
}
