import Diagnostics
import Values
import YAML

/// Loads `group_vars/` and `host_vars/` of one directory the way Ansible's `host_group_vars`
/// plugin does: for each known group or host the first of `NAME`, `NAME.yml`, `NAME.yaml`,
/// `NAME.json` that exists; when that is a directory, every vars file inside it, recursively,
/// in sorted order, later files overriding earlier ones.
enum VarsDirectory {
    static let extensions: Set<String> = ["", ".yml", ".yaml", ".json"]

    static func load(
        _ directory: String, groupNames: [String], hostNames: [String], diagnostics: inout [Diagnostic]
    ) -> VarsLayer {
        var layer = VarsLayer(directory: directory)
        layer.groupVars = variables(
            in: FileSystem.join(directory, "group_vars"), for: groupNames, diagnostics: &diagnostics)
        // Host files for the implicit localhost apply as well, as in Ansible.
        layer.hostVars = variables(
            in: FileSystem.join(directory, "host_vars"), for: hostNames + Host.localhostNames.sorted(),
            diagnostics: &diagnostics)
        return layer
    }

    /// Listing the directory once and looking names up in it keeps a 10,000-host inventory from
    /// costing 40,000 `stat` calls, and never follows a name such as `..` out of the directory.
    private static func variables(
        in directory: String, for names: [String], diagnostics: inout [Diagnostic]
    ) -> [String: ValueDict] {
        guard let entries = FileSystem.entries(of: directory).map(Set.init) else { return [:] }
        var found: [String: ValueDict] = [:]
        for name in names where found[name] == nil {
            guard let entry = [name, name + ".yml", name + ".yaml", name + ".json"].first(where: entries.contains)
            else { continue }
            let path = FileSystem.join(directory, entry)
            let files = FileSystem.kind(of: path) == .directory ? filesBelow(path, depth: 0) : [path]
            var merged = ValueDict()
            for file in files {
                if let variables = loadFile(file, diagnostics: &diagnostics) { merged.merge(variables) }
            }
            found[name] = merged
        }
        return found
    }

    /// Vars files under a `group_vars/NAME/` directory: hidden files and `~` backups skipped,
    /// only known extensions, subdirectories searched in place.
    private static func filesBelow(_ directory: String, depth: Int) -> [String] {
        guard depth < 16, let entries = FileSystem.entries(of: directory) else { return [] }
        var files: [String] = []
        for entry in entries where !entry.hasPrefix(".") && !entry.hasSuffix("~") {
            let path = FileSystem.join(directory, entry)
            let fileExtension = FileSystem.pathExtension(entry)
            switch FileSystem.kind(of: path) {
            case .directory where fileExtension.isEmpty: files += filesBelow(path, depth: depth + 1)
            case .file where extensions.contains(fileExtension): files.append(path)
            default: continue
            }
        }
        return files
    }

    /// The mapping a vars file holds; `nil` after reporting why it has none usable. An empty
    /// file is an empty mapping.
    static func loadFile(_ path: String, diagnostics: inout [Diagnostic]) -> ValueDict? {
        let root: Node?
        do {
            root = try YAMLLoader.loadFile(path)
        } catch {
            diagnostics += error.diagnostics
            return nil
        }
        guard let root else { return ValueDict() }
        if root.resolvedScalar == .null { return ValueDict() }
        guard root.mapping != nil, let variables = root.toValue().dictValue else {
            diagnostics.append(
                InventoryError.varsFileNotMapping(path: path, found: root.kindName).diagnostic(at: root.mark))
            return nil
        }
        return variables
    }
}

/// The variables found in one directory's `group_vars/` and `host_vars/`, keyed by group or
/// host name, each already merged across the files of its directory form.
struct VarsLayer: Sendable {
    var directory: String
    var groupVars: [String: ValueDict] = [:]
    var hostVars: [String: ValueDict] = [:]
}
