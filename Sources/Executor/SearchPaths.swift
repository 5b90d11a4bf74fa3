import PlaybookModel

/// Where a task's relative paths are looked up on the controller, in Ansible's order: the
/// role's folders, then beside the task's own file (an included task file's folder, too), then
/// beside the playbook — each place with its `files/` or `templates/` first.
enum SearchPaths {
    /// For `src:` of copy, script, unarchive and the like.
    static func files(for task: Task, playbook: Playbook) -> [String] {
        ordered(
            role: task.role.map { [$0.filesDirectory, $0.templatesDirectory, $0.path] } ?? [],
            task: task, subfolder: "files", playbook: playbook, playbookSubfolders: ["files", "templates"])
    }

    /// For the template module's `src:`: templates/ where files/ would be.
    static func templates(for task: Task, playbook: Playbook) -> [String] {
        ordered(
            role: task.role.map { [$0.templatesDirectory, $0.path] } ?? [],
            task: task, subfolder: "templates", playbook: playbook, playbookSubfolders: ["templates"])
    }

    private static func ordered(
        role: [String], task: Task, subfolder: String, playbook: Playbook, playbookSubfolders: [String]
    ) -> [String] {
        let taskDirectory = directory(of: task.mark.file)
        var directories = role + [join(taskDirectory, subfolder), taskDirectory]
        directories += playbookSubfolders.map { join(playbook.directory, $0) } + [playbook.directory]
        var seen = Set<String>()
        return directories.filter { seen.insert($0).inserted }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
