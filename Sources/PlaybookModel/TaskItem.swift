import Diagnostics
import Values

/// One entry of a task list after static expansion: `import_tasks` and `import_role` have
/// already been replaced by what they import (as a `.block` whose `origin` says so).
public indirect enum TaskItem: Sendable, Hashable {
    case task(Task)
    case block(Block)
    /// `include_tasks`: the file is known only at run time.
    case includeTasks(IncludeTasks)
    /// `include_role`: the role runs when the task is reached, possibly in a loop.
    case includeRole(IncludeRole)

    public var mark: Mark {
        switch self {
        case .task(let task): return task.mark
        case .block(let block): return block.mark
        case .includeTasks(let include): return include.mark
        case .includeRole(let include): return include.mark
        }
    }

    /// Every task this item contains, in source order, including those of rescue and always
    /// sections and of includes whose files were known at load time.
    public var allTasks: [Task] {
        switch self {
        case .task(let task):
            return [task]
        case .block(let block):
            return (block.block + block.rescue + block.always).flatMap(\.allTasks)
        case .includeTasks(let include):
            return include.preloaded?.flatMap(\.allTasks) ?? []
        case .includeRole(let include):
            return include.preloaded?.flatMap { $0.tasks.flatMap(\.allTasks) } ?? []
        }
    }

    /// Tags of the item itself and everything around it, for `--tags` selection of includes.
    public var effectiveTags: [String] {
        switch self {
        case .task(let task): return task.effectiveTags
        case .block(let block): return block.effectiveTags
        case .includeTasks(let include): return include.effectiveTags
        case .includeRole(let include): return include.effectiveTags
        }
    }
}

/// `block:` with its `rescue:` and `always:` sections, or the tasks of a static import.
@dynamicMemberLookup
public struct Block: Sendable, Hashable {
    /// Why this block exists: the user wrote one, or an import was expanded into it so that
    /// the import's keywords (`when`, `tags`, `vars`…) apply to every imported task.
    public enum Origin: Sendable, Hashable {
        case block
        case importTasks(path: String)
        case importRole(name: String)
    }

    public var name: String?
    public var origin: Origin
    public var block: [TaskItem]
    public var rescue: [TaskItem]
    public var always: [TaskItem]
    /// Handler names or topics notified when any task of the block changes something.
    public var notify: [Located<String>]
    public var keywords: InheritableKeywords
    public var effectiveTags: [String]
    public var mark: Mark

    public init(origin: Origin = .block, mark: Mark) {
        self.name = nil
        self.origin = origin
        self.block = []
        self.rescue = []
        self.always = []
        self.notify = []
        self.keywords = InheritableKeywords()
        self.effectiveTags = []
        self.mark = mark
    }

    public subscript<T>(dynamicMember keyPath: WritableKeyPath<InheritableKeywords, T>) -> T {
        get { keywords[keyPath: keyPath] }
        set { keywords[keyPath: keyPath] = newValue }
    }
}
