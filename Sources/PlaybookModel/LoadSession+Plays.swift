import Diagnostics
import Values
import YAML

/// Playbook files and plays.
extension LoadSession {
    /// What an `import_playbook` passes to the plays it imports.
    struct ImportContext {
        var tags: [String] = []
        var vars = Variables()
    }

    /// The plays of a playbook file, with `import_playbook` entries expanded in place.
    func playbookFile(_ path: String, importedAt mark: Mark?, context: ImportContext = ImportContext()) -> [Play] {
        withFile(path, importedAt: mark) { () -> [Play] in
            guard FilePaths.isFile(path) else {
                error(.io, "could not find playbook '\(path)'", at: mark)
                return []
            }
            let problemsBefore = diagnostics.count
            guard let root = loadYAML(path, requestedAt: mark, what: "playbook"), !root.isNull else {
                if diagnostics.count == problemsBefore {
                    error(.other, "the playbook is empty", at: mark ?? Mark(file: path, line: 1, column: 1))
                }
                return []
            }
            guard let entries = root.sequence else {
                error(
                    .wrongType, "a playbook must be a list of plays, not \(root.describedKind)", at: root.mark,
                    hint: "start each play with '- hosts: …'")
                return []
            }
            let directory = FilePaths.directory(of: path)
            return entries.flatMap { entry -> [Play] in
                guard entry.mapping != nil else {
                    error(
                        .wrongType, "a play must be a mapping of keywords, not \(entry.describedKind)", at: entry.mark)
                    return []
                }
                if let key = entry.keyedPairs.first(where: { Keywords.shortName($0.key) == "import_playbook" }) {
                    return importPlaybook(entry, key: key.key, directory: directory, context: context)
                }
                return play(entry, directory: directory, context: context).map { [$0] } ?? []
            }
        } ?? []
    }

    private func importPlaybook(_ node: Node, key: String, directory: String, context: ImportContext) -> [Play] {
        var inner = context
        var file: Located<String>?
        for (name, pair) in node.keyedPairs {
            switch name {
            case key:
                file = string(pair.value, "import_playbook")
            case "name":
                _ = string(pair.value, name)
            case "tags":
                inner.tags = InheritableKeywords.union(context.tags, tags(pair.value))
            case "vars":
                inner.vars.merge(variables(pair.value, name))
            case "when":
                error(
                    .other, "'when' on 'import_playbook' is not supported", at: pair.key.mark,
                    hint: "put the condition on the imported plays' tasks or choose the playbook on the command line")
            default:
                unknownKey(name, at: pair.key.mark, place: "import_playbook", valid: Keywords.importPlaybook)
            }
        }
        checkTemplates(in: node)
        guard let file else {
            error(.missingArgument, "'import_playbook' needs a playbook file name", at: node.mark)
            return []
        }
        guard !file.value.contains("{{") else {
            error(.other, "'import_playbook' reads its file at load time and cannot be templated", at: file.mark)
            return []
        }
        let path = FilePaths.join(directory, file.value)
        guard FilePaths.isFile(path) else {
            error(.io, "could not find playbook '\(file.value)'", at: file.mark, hint: "searched: \(path)")
            return []
        }
        return playbookFile(path, importedAt: file.mark, context: inner)
    }

    /// One play: keywords read and checked, roles and task lists loaded, notifications checked.
    private func play(_ node: Node, directory: String, context: ImportContext) -> Play? {
        let hosts = playHosts(node)
        var play = Play(hosts: hosts ?? Located("", at: node.mark), mark: node.mark)
        play.directory = directory
        var sections: [String: Node] = [:]
        var prompted = Variables()
        for (key, pair) in node.keyedPairs {
            let value = pair.value
            if Keywords.refuse(key, at: pair.key.mark, in: self) {
                continue
            }
            switch key {
            case "hosts": break
            case "name": play.name = value.isNull ? nil : string(value, key)?.value
            case "pre_tasks", "roles", "tasks", "post_tasks", "handlers": sections[key] = value
            case "vars_files": play.varsFiles = varsFiles(value)
            case "vars_prompt": prompted = promptedVariables(value)
            case "gather_facts": play.gatherFacts = bool(value, key)
            case "gather_subset": play.gatherSubset = stringList(value, key)
            case "gather_timeout": play.gatherTimeout = int(value, key)
            case "serial": play.serial = serial(value)
            case "strategy": play.strategy = enumeration(value, key, Play.Strategy.self)
            case "order": play.order = enumeration(value, key, Play.HostOrder.self)
            case "max_fail_percentage": play.maxFailPercentage = double(value, key)
            case "force_handlers": play.forceHandlers = bool(value, key)
            case _ where Keywords.play.contains(key):
                _ = readInheritable(key, value, into: &play.keywords)
            default:
                unknownKey(key, at: pair.key.mark, place: "play", valid: Keywords.play)
            }
        }
        checkTemplates(in: node, skipping: Self.nonTemplateKeys)
        play.keywords.tags = InheritableKeywords.union(context.tags, play.keywords.tags)
        var vars = play.keywords.vars
        vars.merge(context.vars)
        // ansible-core stores the answers in the play's vars, over what vars: says.
        vars.merge(prompted)
        play.keywords.vars = vars

        invokedRoles = []
        roleHandlers = []
        let searchPaths = Self.uniqued([FilePaths.join(directory, "roles")] + options.rolesPaths + [directory])
        var scope = TaskScope(directory: directory, tags: play.keywords.tags, roleSearchPaths: searchPaths)
        scope.moduleDefaults = play.keywords.moduleDefaults
        playModuleDefaults = play.keywords.moduleDefaults
        if let roles = sections["roles"], !roles.isNull {
            if let entries = roles.sequence {
                play.roles = entries.compactMap { roleEntry($0, place: "roles") }.flatMap {
                    invokeRole($0, searchPaths: searchPaths, tags: play.keywords.tags)
                }
                roleHandlers = play.roles.flatMap(\.handlers) + roleHandlers
            } else {
                error(.wrongType, "'roles' must be a list of roles, not \(roles.describedKind)", at: roles.mark)
            }
        }
        play.preTasks = taskList(sections["pre_tasks"], "pre_tasks", scope: scope)
        play.tasks = taskList(sections["tasks"], "tasks", scope: scope)
        play.postTasks = taskList(sections["post_tasks"], "post_tasks", scope: scope)
        let ownHandlers = handlerList(sections["handlers"], "handlers", scope: scope)
        // Role handlers come first, as in Ansible; a role included twice contributes once.
        var seen = Set<Mark>()
        play.handlers = (roleHandlers + ownHandlers).filter { seen.insert($0.mark).inserted }
        checkNotifications(play)
        return hosts == nil ? nil : play
    }

    /// `hosts:` — a pattern, or a list of patterns joined with `,`. Required and not empty.
    private func playHosts(_ node: Node) -> Located<String>? {
        guard let value = node.value(forKey: "hosts") else {
            error(
                .missingArgument, "a play needs 'hosts:' to say where it runs", at: node.mark,
                hint: "e.g. hosts: all, hosts: webservers, or hosts: localhost")
            return nil
        }
        if let text = value.text, !value.isNull {
            guard !text.trimmedWhitespace.isEmpty else {
                error(.missingArgument, "'hosts' is empty", at: value.mark, hint: "e.g. hosts: all")
                return nil
            }
            return Located(text, at: value.mark)
        }
        if let items = value.sequence, !items.isEmpty {
            var patterns: [String] = []
            for item in items {
                guard let text = item.text, !item.isNull else {
                    error(
                        .wrongType, "each entry of 'hosts' must be a host pattern, not \(item.describedKind)",
                        at: item.mark)
                    return nil
                }
                patterns.append(text)
            }
            return Located(patterns.joined(separator: ","), at: value.mark)
        }
        if value.isNull || value.sequence != nil {
            error(.missingArgument, "'hosts' is empty", at: value.mark, hint: "e.g. hosts: all")
        } else {
            error(
                .wrongType, "'hosts' must be a host pattern or a list of patterns, not \(value.describedKind)",
                at: value.mark)
        }
        return nil
    }
}
