import Diagnostics
import Values
import YAML

/// Handlers: read as a flat list, and every `notify:` checked against them.
extension LoadSession {
    /// A handler list. Static imports are flattened (their keywords pushed into each handler);
    /// blocks and dynamic includes are refused, since notifying one would be ambiguous.
    func handlerList(_ node: Node?, _ keyword: String, scope: TaskScope) -> [Task] {
        var handlerScope = scope
        handlerScope.isHandler = true
        return flattenHandlers(taskList(node, keyword, scope: handlerScope), inherited: InheritableKeywords())
    }

    private func flattenHandlers(_ items: [TaskItem], inherited: InheritableKeywords) -> [Task] {
        items.flatMap { item -> [Task] in
            switch item {
            case .task(var task):
                task.keywords = task.keywords.inheriting(from: inherited)
                return [task]
            case .block(let block):
                switch block.origin {
                case .importTasks, .importRole:
                    return flattenHandlers(block.block, inherited: block.keywords.inheriting(from: inherited))
                case .block:
                    error(
                        .other, "blocks are not supported in handlers", at: block.mark,
                        hint: "write each handler as a task")
                    return []
                }
            case .includeTasks(let include):
                error(
                    .other, "'include_tasks' is not supported in handlers", at: include.mark,
                    hint: "use 'import_tasks', or notify several handlers (or one 'listen' topic)")
                return []
            case .includeRole(let include):
                error(
                    .other, "'include_role' is not supported in handlers", at: include.mark, hint: "use 'import_role'")
                return []
            }
        }
    }

    /// Every `notify:` of the play must reach a handler by name, `role : name`, or `listen`
    /// topic. Ansible finds out only when the task changes something; a typo there silently
    /// never restarts the service, so it is an error here.
    func checkNotifications(_ play: Play) {
        var targets = Set<String>()
        var templatedNames = false
        for handler in play.handlers {
            if let name = handler.name {
                targets.insert(name)
                if let role = handler.role { targets.insert("\(role.name) : \(name)") }
                if name.contains("{{") { templatedNames = true }
            }
            targets.formUnion(handler.listen)
        }
        let items = play.preTasks + play.roles.flatMap(\.tasks) + play.tasks + play.postTasks
        var notifications: [Located<String>] = play.handlers.flatMap(\.notify)
        collectNotifications(items, into: &notifications, depth: 0)
        for notification in notifications where !targets.contains(notification.value) {
            if notification.value.contains("{{") || templatedNames { continue }
            let hint =
                Suggestion.didYouMean(notification.value, in: targets.sorted())
                ?? (targets.isEmpty
                    ? "this play has no handlers" : "handlers: \(targets.sorted().joined(separator: ", "))")
            error(
                .undefined, "no handler named '\(notification.value)' (and none listens to it)", at: notification.mark,
                hint: hint)
        }
    }

    private func collectNotifications(_ items: [TaskItem], into result: inout [Located<String>], depth: Int) {
        guard depth < options.maxNesting * 2 else { return }
        for item in items {
            switch item {
            case .task(let task):
                result += task.notify
            case .block(let block):
                result += block.notify
                collectNotifications(block.block + block.rescue + block.always, into: &result, depth: depth + 1)
            case .includeTasks(let include):
                collectNotifications(include.preloaded ?? [], into: &result, depth: depth + 1)
            case .includeRole(let include):
                for invocation in include.preloaded ?? [] {
                    collectNotifications(invocation.tasks, into: &result, depth: depth + 1)
                }
            }
        }
    }
}
