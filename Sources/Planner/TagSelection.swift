/// `--tags` / `--skip-tags` with Ansible's special tags: `all`, `tagged`, `untagged`, and the
/// task tags `always` (runs unless skipped by name) and `never` (runs only when asked for).
public struct TagSelection: Sendable, Hashable {
    public var only: Set<String>
    public var skip: Set<String>

    public init(only: [String] = [], skip: [String] = []) {
        self.only = only.isEmpty ? ["all"] : Set(only)
        self.skip = Set(skip)
    }

    public static let everything = TagSelection()

    /// Whether a task with these (inherited) tags runs.
    public func includes(_ tags: Set<String>) -> Bool {
        selectedByOnly(tags) && !excludedBySkip(tags)
    }

    private func selectedByOnly(_ tags: Set<String>) -> Bool {
        if tags.contains("always") { return true }
        if !tags.isDisjoint(with: only) { return true }
        if tags.contains("never") { return false }
        if only.contains("all") { return true }
        if only.contains("tagged"), !tags.isEmpty { return true }
        if only.contains("untagged"), tags.isEmpty { return true }
        return false
    }

    private func excludedBySkip(_ tags: Set<String>) -> Bool {
        if skip.isEmpty { return false }
        if skip.contains("all") { return !tags.contains("always") || skip.contains("always") }
        if !tags.isDisjoint(with: skip) { return true }
        if skip.contains("tagged"), !tags.isEmpty { return true }
        if skip.contains("untagged"), tags.isEmpty { return true }
        return false
    }
}
