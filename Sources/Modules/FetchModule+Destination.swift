import FoundationEssentials
import Transport
import Values

extension FetchModule {
    struct Problem: Error {
        var message: String
    }

    /// The source as Ansible's sh shell joins it: unchanged but for `~` left to the target.
    static func normalize(_ source: String) -> String {
        source
    }

    /// Where the file goes on the controller, as Ansible's fetch action computes it: relative
    /// destinations are under the playbook's directory; without `flat` the host name and the
    /// whole source path are appended, and the result must stay inside `dest`.
    func destination(_ arguments: ValueDict, source: String, host: String, context: ModuleContext)
        -> Result<String, Problem>
    {
        let given = arguments["dest"]?.stringValue ?? ""
        let base = FetchModule.playbookDirectory(context.searchDirectories)
        if arguments["flat"]?.boolValue ?? false {
            var dest = given
            if FetchModule.isDirectory(dest) && !dest.hasSuffix("/") {
                return .failure(
                    Problem(message: "dest is an existing directory, use a trailing slash if you want to fetch src into that directory"))
            }
            if dest.hasSuffix("/") {
                dest += FetchModule.baseName(source)
                if FetchModule.isDirectory(dest) {
                    return .failure(
                        Problem(message: "calculated dest '\(dest)' is an existing directory, use another path that does not point to an existing directory"))
                }
            }
            if !dest.hasPrefix("/") { dest = FetchModule.absolute(dest, base: base) }
            return .success(FetchModule.normalizedPath(dest))
        }
        let root = FetchModule.normalizedPath(FetchModule.absolute(given, base: base))
        let dest = FetchModule.normalizedPath("\(root)/\(host)/\(source)")
        guard dest.hasPrefix(root == "/" ? "/" : root + "/") else {
            return .failure(
                Problem(message: "Detected directory traversal, expected to be contained in '\(given)' but got '\(dest)'"))
        }
        return .success(dest)
    }

    /// Ansible resolves a relative `dest` against the playbook's directory: the last search
    /// directory that is not a `files` or `templates` folder, made absolute.
    static func playbookDirectory(_ searchDirectories: [String]) -> String {
        let current = FileManager.default.currentDirectoryPath
        let found = searchDirectories.last { directory in
            let name = baseName(directory.hasSuffix("/") ? String(directory.dropLast()) : directory)
            return name != "files" && name != "templates"
        }
        guard let found, !found.isEmpty, found != "." else { return current }
        return normalizedPath(absolute(found, base: current))
    }

    static func absolute(_ path: String, base: String) -> String {
        if path.hasPrefix("/") { return path }
        if path == "~" || path.hasPrefix("~/") {
            return FileManager.default.homeDirectoryForCurrentUser.path + String(path.dropFirst())
        }
        return (base.hasSuffix("/") ? base : base + "/") + path
    }

    /// Python's os.path.normpath for absolute paths: no empty, `.` or `..` components.
    static func normalizedPath(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }

    static func baseName(_ path: String) -> String {
        String(path.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
    }

    static func isDirectory(_ path: String) -> Bool {
        var directory = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory
    }

    /// Missing directories first, then the bytes into a temp file beside `dest`, renamed over
    /// it: an interrupted fetch leaves the old file or the new one. Returns the problem, if any.
    static func write(_ bytes: [UInt8], to dest: String) -> String? {
        let url = URL(fileURLWithPath: dest)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            return "\(error)"
        }
        return nil
    }
}
