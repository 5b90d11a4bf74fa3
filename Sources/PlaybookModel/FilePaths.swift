#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few file-system questions the loader asks, answered without Foundation.
enum FilePaths {
    static func join(_ directory: String, _ name: String) -> String {
        if name.hasPrefix("/") || directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The directory part of a path (`.` for a bare file name), as `dirname` prints it.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    static func lastComponent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    static func isFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The canonical absolute path, so one file reached by two spellings is recognised when
    /// imports form a cycle; the path as given when it does not exist.
    static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// A relative name looked up in each directory in turn: the first that exists, else the
    /// first candidate (so an error names the most likely place).
    static func resolve(_ name: String, in directories: [String]) -> String {
        if name.hasPrefix("/") { return name }
        let candidates = directories.map { join($0, name) }
        return candidates.first(where: isFile) ?? candidates.first ?? name
    }

    /// The first existing file among `name` with the extensions Ansible tries (`main`,
    /// `main.yml`, `main.yaml`, `main.json`).
    static func firstExistingYAML(_ base: String) -> String? {
        for candidate in [base + ".yml", base + ".yaml", base, base + ".json"] where isFile(candidate) {
            return candidate
        }
        return nil
    }
}

extension FilePaths {
    /// Names of the subdirectories of `path` (empty when it cannot be read), for suggestions.
    static func subdirectories(of path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != ".", name != "..", isDirectory(join(path, name)) { names.append(name) }
        }
        return names.sorted()
    }
}
