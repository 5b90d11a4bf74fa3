import Diagnostics
import PlaybookModel
import Templating
import Values
import YAML

#if canImport(Glibc)
    import Glibc
#endif

/// `include_vars`: reads variables from a file, or from every matching file of a directory,
/// the way Ansible's action does (relative names looked for in the role's `vars/`, beside the
/// task file, then beside the playbook; a directory read in sorted order).
struct IncludeVars {
    let invocation: ModuleInvocation
    var arguments: ValueDict { invocation.arguments }

    struct Failure: Error {
        var message: String
        /// The files read before the failure: Ansible's failed result lists them.
        var files: [String] = []
    }

    /// The variables loaded and the files they came from, in load order.
    func load() throws(Failure) -> (variables: ValueDict, files: [String]) {
        var variables = ValueDict()
        var files: [String] = []
        if let directory = arguments["dir"]?.stringValue {
            guard let found = locate(directory, wantDirectory: true) else {
                throw Failure(message: "\(directory) directory does not exist")
            }
            do throws(Failure) {
                for file in try filesIn(found, readingInto: &files) {
                    variables.merge(try read(file))
                }
            } catch {
                throw Failure(message: error.message, files: files)
            }
        } else {
            guard let name = arguments["file"]?.stringValue ?? arguments["_raw_params"]?.stringValue else {
                throw Failure(message: "one of 'file', 'dir' or a free-form file name is required")
            }
            guard let found = locate(name, wantDirectory: false) else {
                let searched = candidates(for: name).map { "\t" + $0 }.joined(separator: "\n")
                throw Failure(message: "Could not find or access '\(name)'\nSearched in:\n\(searched) on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option")
            }
            variables = try read(found)
            files = [found]
        }
        if arguments["hash_behaviour"]?.stringValue == "merge" {
            for (name, value) in variables {
                guard case .dict(let fresh) = value,
                    case .dict(let current)? = (try? invocation.scope.resolve(name)) ?? nil
                else { continue }
                variables[name] = .dict(Self.deepMerge(current, fresh))
            }
        }
        if let key = arguments["name"]?.stringValue {
            var nested = ValueDict()
            nested[key] = .dict(variables)
            variables = nested
        }
        return (variables, files)
    }

    /// Where a relative name is looked for, most specific first, as Ansible's search for `vars`.
    func candidates(for name: String) -> [String] {
        if name.hasPrefix("/") { return [name] }
        var bases: [String] = []
        if let role = invocation.task.role { bases.append(role.path) }
        bases.append(SearchPaths.directory(of: invocation.task.mark.file))
        bases.append(invocation.runner.play.playbook.directory)
        // Ansible reports absolute paths (`ansible_included_var_files`, the places searched).
        bases = bases.map(Self.absolute)
        // Not deduplicated: Ansible lists the playbook's directory twice for a play's task.
        return bases.flatMap { [SearchPaths.join(SearchPaths.join($0, "vars"), name), SearchPaths.join($0, name)] }
    }

    private func locate(_ name: String, wantDirectory: Bool) -> String? {
        candidates(for: name).first { Self.kind(of: $0) == (wantDirectory ? S_IFDIR : S_IFREG) }
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let cwd = String(cString: buffer)
        if path == "." { return cwd }
        return SearchPaths.join(cwd, path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
    }

    static func kind(of path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    /// A directory's files in Ansible's order: directories sorted by path, `depth` of them
    /// (0: all), each one's files sorted by name, filtered by the arguments.
    /// `listed` gets each file as it is accepted, so a later refusal still shows them.
    private func filesIn(_ root: String, readingInto listed: inout [String]) throws(Failure) -> [String] {
        var directories: [String] = []
        Self.walk(root, into: &directories, level: 0)
        directories.sort()
        let depth = arguments["depth"]?.intValue ?? 0
        if depth > 0 { directories = Array(directories.prefix(depth)) }
        let extensions = (arguments["extensions"]?.listValue ?? []).map(\.renderedText)
        let ignored = (arguments["ignore_files"]?.listValue ?? []).map(\.renderedText)
        let pattern = arguments["files_matching"]?.stringValue
        let skipUnknown = arguments["ignore_unknown_extensions"]?.isTruthy == true
        var out: [String] = []
        for directory in directories {
            for name in Self.entries(of: directory).sorted() {
                let path = SearchPaths.join(directory, name)
                guard Self.kind(of: path) == S_IFREG else { continue }
                var skipped = false
                for ignoredName in ignored where !skipped { skipped = try matches(name, "\(ignoredName)$") }
                if skipped { continue }
                if let pattern, !(try matches(name, pattern)) { continue }
                let dot = name.lastIndex(of: ".").map { String(name[name.index(after: $0)...]) } ?? ""
                guard extensions.contains(dot) else {
                    if skipUnknown { continue }
                    throw Failure(message: "\(path) does not have a valid extension: \(extensions.joined(separator: ", "))")
                }
                out.append(path)
                listed.append(path)
            }
        }
        return out
    }

    private static func walk(_ directory: String, into found: inout [String], level: Int) {
        found.append(directory)
        guard level < 64 else { return }
        for name in entries(of: directory) {
            let path = SearchPaths.join(directory, name)
            if kind(of: path) == S_IFDIR { walk(path, into: &found, level: level + 1) }
        }
    }

    private static func entries(of directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Python's `re.search`, through the template engine's own regex support.
    private func matches(_ text: String, _ pattern: String) throws(Failure) -> Bool {
        let scope = VariableScope(engine: invocation.runner.run.engine)
        scope.addFinal(["text": .string(text), "pattern": .string(pattern)])
        do {
            return VariableScope.truth(try scope.evaluate("text is search(pattern)", at: invocation.task.moduleMark))
        } catch {
            throw Failure(message: error.diagnostic.rendered)
        }
    }

    private func read(_ path: String) throws(Failure) -> ValueDict {
        let node: Node?
        do {
            node = try YAMLLoader.loadFile(path)
        } catch {
            throw Failure(message: error.diagnostics.map(\.rendered).joined(separator: "\n"))
        }
        guard let node, node.toValue() != .null else { return ValueDict() }
        guard case .dict(let variables) = node.toValue() else {
            throw Failure(message: "\(path) must be stored as a dictionary/hash")
        }
        return variables
    }

    static func deepMerge(_ base: ValueDict, _ overlay: ValueDict) -> ValueDict {
        var merged = base
        for (key, value) in overlay {
            if case .dict(let inner) = value, case .dict(let existing)? = merged[key] {
                merged[key] = .dict(deepMerge(existing, inner))
            } else {
                merged[key] = value
            }
        }
        return merged
    }
}
