import Diagnostics
import Values
import YAML

extension Inventory {
    /// The two text formats an inventory file can be written in.
    public enum SourceFormat: Sendable, Hashable {
        case ini, yaml
    }

    /// Loads and merges several `-i` sources, in order: files (INI or YAML, told apart by
    /// extension, then by content), directories (every inventory file inside, sorted, as
    /// Ansible reads them) and comma-separated host lists (`"web1,web2:2222,"`). Later sources
    /// add groups and memberships and override variables.
    ///
    /// `group_vars/` and `host_vars/` next to each source are loaded, then those in
    /// `extraVarsDirectories` (the playbook's directory), which therefore take precedence.
    /// Every problem of every source is thrown together.
    public static func load(sources: [String], extraVarsDirectories: [String] = []) throws(DiagnosticList)
        -> Inventory
    {
        var builder = InventoryBuilder()
        var varsDirectories: [String] = []
        for source in sources {
            if source.contains(","), !FileSystem.exists(source) {
                HostListSource.parse(source, into: &builder)
                continue
            }
            switch FileSystem.kind(of: source) {
            case .missing:
                builder.report(.sourceMissing(source), at: nil)
            case .directory:
                loadDirectory(source, depth: 0, into: &builder)
                varsDirectories.append(source)
            case .file, .other:
                loadFile(source, into: &builder)
                varsDirectories.append(FileSystem.directory(of: source))
            }
        }
        var problems: [Diagnostic] = []
        let groupNames = builder.groupOrder
        let hostNames = builder.hosts.map(\.name)
        // Each directory is read once even when several sources share it; the order of layers
        // still follows the sources, as Ansible's per-source vars lookup does.
        var loaded: [String: VarsLayer] = [:]
        var layers: [VarsLayer] = []
        for directory in varsDirectories + extraVarsDirectories {
            if loaded[directory] == nil {
                loaded[directory] = VarsDirectory.load(
                    directory, groupNames: groupNames, hostNames: hostNames, diagnostics: &problems)
            }
            if let layer = loaded[directory] { layers.append(layer) }
        }
        for problem in problems { builder.report(problem) }
        return try Inventory(builder: builder, varsLayers: layers)
    }

    /// An inventory from text alone, without `group_vars/` or `host_vars/`; the format is
    /// guessed from the content when not given.
    public static func parse(_ text: String, file: String, format: SourceFormat? = nil) throws(DiagnosticList)
        -> Inventory
    {
        var builder = InventoryBuilder()
        parse(text, file: file, format: format ?? detectFormat(path: file, text: text), into: &builder)
        return try Inventory(builder: builder, varsLayers: [])
    }

    private static func parse(_ text: String, file: String, format: SourceFormat, into builder: inout InventoryBuilder)
    {
        switch format {
        case .ini:
            INIInventoryParser(file: file).parse(text, into: &builder)
        case .yaml:
            do {
                YAMLInventoryParser().parse(try YAMLLoader.load(text, file: file), into: &builder)
            } catch {
                for diagnostic in error.diagnostics { builder.report(diagnostic) }
            }
        }
    }

    private static func loadFile(_ path: String, into builder: inout InventoryBuilder) {
        let text: String
        switch FileSystem.readText(path) {
        case .success(let read): text = read
        case .failure(.notUTF8(let line, let column)):
            builder.report(.notUTF8, at: Mark(file: path, line: line, column: column))
            return
        case .failure(let failure):
            builder.report(.unreadable(path: path, reason: failure.description), at: nil)
            return
        }
        if text.hasPrefix("#!") {
            builder.report(.inventoryPluginUnsupported("script"), at: Mark(file: path, line: 1, column: 1))
            return
        }
        if FileSystem.pathExtension(path) == ".toml" {
            builder.report(.inventoryPluginUnsupported("toml"), at: Mark(file: path, line: 1, column: 1))
            return
        }
        parse(text, file: path, format: detectFormat(path: path, text: text), into: &builder)
    }

    /// Names Ansible never reads as inventory inside a directory source.
    private static let ignoredNames: Set<String> = ["group_vars", "host_vars", "vars_plugins"]
    private static let ignoredSuffixes = [
        ".pyc", ".pyo", ".swp", ".bak", "~", ".rpm", ".md", ".txt", ".rst", ".orig", ".cfg", ".retry",
    ]

    private static func loadDirectory(_ directory: String, depth: Int, into builder: inout InventoryBuilder) {
        guard depth < 16, let entries = FileSystem.entries(of: directory) else {
            if depth < 16 { builder.report(.unreadable(path: directory, reason: "cannot list the directory"), at: nil) }
            return
        }
        for entry in entries {
            if entry.hasPrefix(".") || ignoredNames.contains(entry) { continue }
            if ignoredSuffixes.contains(where: { entry.hasSuffix($0) }) { continue }
            let path = FileSystem.join(directory, entry)
            switch FileSystem.kind(of: path) {
            case .directory: loadDirectory(path, depth: depth + 1, into: &builder)
            case .file: loadFile(path, into: &builder)
            case .missing, .other: continue
            }
        }
    }

    /// By extension first; a file without one is YAML when its first meaningful line looks
    /// like a YAML document (`---`, `{`, or a `key:` mapping entry), and INI otherwise.
    static func detectFormat(path: String, text: String) -> SourceFormat {
        switch FileSystem.pathExtension(path) {
        case ".yml", ".yaml", ".json": return .yaml
        case ".ini": return .ini
        default: break
        }
        for line in text.split(whereSeparator: \.isNewline) {
            let content = line.trimmingBlanks()
            if content.isEmpty || content.hasPrefix("#") || content.hasPrefix(";") { continue }
            if content.hasPrefix("---") || content.hasPrefix("{") { return .yaml }
            if content.hasPrefix("[") { return .ini }
            let beforeComment = content.split(separator: "#", maxSplits: 1).first.map { $0.trimmingBlanks() } ?? ""
            if beforeComment.hasSuffix(":") || content.contains(": ") { return .yaml }
            return .ini
        }
        return .ini
    }
}

extension FileSystem.ReadFailure: CustomStringConvertible {
    var description: String {
        switch self {
        case .unreadable(let reason): return reason
        case .tooLarge(let limit): return "the file is larger than \(limit >> 20) MiB"
        case .notUTF8(let line, let column): return "the file is not valid UTF-8 at line \(line), column \(column)"
        }
    }
}

/// The `-i "web1,web2:2222,"` form: a comma-separated list of hosts (ranges allowed), all in
/// `ungrouped`. A trailing comma is how Ansible users mark a single host as a list.
enum HostListSource {
    static func parse(_ list: String, into builder: inout InventoryBuilder) {
        var column = 1
        for piece in list.split(separator: ",", omittingEmptySubsequences: false) {
            defer { column += piece.count + 1 }
            let leading = piece.prefix { $0 == " " || $0 == "\t" }.count
            let token = piece.trimmingBlanks()
            if token.isEmpty { continue }
            let at = { (column: Int) in Mark(file: "<host list>", line: 1, column: column) }
            let expanded = HostLineExpansion.expand(token, column: column + leading) { error, column in
                builder.report(error, at: at(column))
            }
            guard let expansion = expanded else { continue }
            for host in expansion.hosts {
                builder.addHost(host, to: Group.ungrouped, at: at(column + leading))
                if let port = expansion.port {
                    builder.setHostVariables(ValueDict([("ansible_port", .int(port))]), host: host)
                }
            }
        }
    }
}
