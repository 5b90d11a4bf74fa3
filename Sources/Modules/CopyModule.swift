#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import FoundationEssentials
import Transport
import Values

/// `copy`: content, a controller file, a controller directory tree or a target file to a
/// destination on the target.
///
/// The controller computes the source's SHA-1 first; the program compares it with the
/// destination before any bytes travel. Files up to `inlineLimit` travel inside the program
/// (one round trip); larger ones are uploaded only when the program says they are needed.
public struct CopyModule: Module {
    public let spec = ModuleSpec.copy
    static let inlineLimit = 256 * 1024

    public init() {}

    /// One file to copy: where its bytes are, and where it goes.
    struct Item {
        enum Bytes {
            case inline([UInt8])
            case localFile(path: String)
            case remote(path: String)
        }
        var bytes: Bytes
        /// The destination as given (a directory when it ends in `/` or exists as one).
        var dest: String
        /// The name used when dest is a directory; nil for `content`.
        var basename: String?
        /// Mode text when `mode: preserve` takes the source's mode.
        var preservedMode: String?
        var makeParents: Bool
        var label: String
    }

    public func run(_ arguments: ValueDict, context: ModuleContext, on connection: Connection) throws(TransportError)
        -> ModuleResult
    {
        guard let dest = arguments["dest"]?.stringValue, !dest.isEmpty else { return .failure("dest is required") }
        let items: [Item]
        switch sourceItems(arguments, dest: dest, context: context) {
        case .success(let found): items = found
        case .failure(let problem): return .failure(problem.message)
        }
        var results: [ModuleResult] = []
        for item in items {
            let result = try copy(item, arguments: arguments, context: context, on: connection)
            results.append(result)
            if result.failed { break }
        }
        guard results.count != 1 else { return results[0] }
        // A directory tree: one result for the whole copy, as Ansible reports it.
        var values = ValueDict()
        values["dest"] = .string(dest)
        values["src"] = arguments["src"]
        let failure = results.first { $0.failed }
        let diffs = results.compactMap { $0.values["diff"] }.flatMap { $0.listValue ?? [$0] }
        if context.diff, !diffs.isEmpty { values["diff"] = .list(diffs) }
        return ModuleResult(
            changed: results.contains { $0.changed }, failed: failure != nil,
            message: failure?.message, values: values)
    }

    /// Ansible writes a list or dictionary given as `content` (often `{{ x | to_json }}`, which its
    /// templating turns back into a value) as `json.dumps` text, and other scalars as Python's `str()`.
    static func contentText(_ content: Value) -> String {
        switch content {
        case .string(let text): return text
        case .list, .dict: return JSON.serialize(content, pretty: false, sortKeys: false, indent: 4, ensureASCII: true)
        case .int(let number): return String(number)
        case .double(let number): return JSON.format(double: number)
        case .bool(let flag): return flag ? "True" : "False"
        case .null: return ""
        }
    }

    struct SourceProblem: Error {
        var message: String
    }

    func sourceItems(_ arguments: ValueDict, dest: String, context: ModuleContext) -> Result<[Item], SourceProblem> {
        if let content = arguments["content"], !content.isNull {
            return .success([
                Item(
                    bytes: .inline(Array(CopyModule.contentText(content).utf8)), dest: dest, basename: nil,
                    makeParents: false, label: dest)
            ])
        }
        guard let src = arguments["src"]?.stringValue, !src.isEmpty else {
            return .failure(SourceProblem(message: "src (or content) is required"))
        }
        let preserve = arguments["mode"]?.stringValue == "preserve"
        if arguments["remote_src"]?.boolValue == true {
            return .success([
                Item(bytes: .remote(path: src), dest: dest, basename: src.lastPathComponent, makeParents: false, label: src)
            ])
        }
        guard let local = CopyModule.locate(src, in: context.searchDirectories) else {
            let searched = CopyModule.candidates(src, in: context.searchDirectories).joined(separator: "\n")
            return .failure(SourceProblem(message: "Could not find or access '\(src)' on the controller.\nSearched in:\n\(searched)"))
        }
        var isDirectory = false
        _ = FileManager.default.fileExists(atPath: local, isDirectory: &isDirectory)
        guard isDirectory else {
            return .success([
                Item(
                    bytes: .localFile(path: local), dest: dest, basename: src.lastPathComponent,
                    preservedMode: preserve ? CopyModule.modeText(local) : nil, makeParents: false, label: local)
            ])
        }
        // `src: dir/` copies the contents; `src: dir` copies the directory itself.
        var root = dest.hasSuffix("/") ? String(dest.dropLast()) : dest
        if !src.hasSuffix("/") { root += "/" + src.lastPathComponent }
        var items: [Item] = []
        let relatives = (try? FileManager.default.subpathsOfDirectory(atPath: local)) ?? []
        for relative in relatives {
            let path = local + "/" + relative
            var childIsDirectory = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &childIsDirectory), !childIsDirectory
            else { continue }
            items.append(
                Item(
                    bytes: .localFile(path: path), dest: root + "/" + relative, basename: nil,
                    preservedMode: preserve ? CopyModule.modeText(path) : nil, makeParents: true, label: path))
        }
        items.sort { $0.dest < $1.dest }
        return .success(items)
    }

    /// Ansible's search order for a relative `src`: each search directory in turn.
    static func candidates(_ src: String, in directories: [String]) -> [String] {
        if src.hasPrefix("/") { return [src] }
        if src.hasPrefix("~/") { return [FileManager.default.homeDirectoryForCurrentUser.path + String(src.dropFirst())] }
        return directories.map { ($0.hasSuffix("/") ? $0 : $0 + "/") + src } + (directories.isEmpty ? [src] : [])
    }

    static func locate(_ src: String, in directories: [String]) -> String? {
        let trimmed = src.count > 1 && src.hasSuffix("/") ? String(src.dropLast()) : src
        return candidates(trimmed, in: directories).first { FileManager.default.isReadableFile(atPath: $0) }
    }

    static func modeText(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return FileMode.octalText(UInt16(status.st_mode & 0o7777))
    }
}

extension String {
    var lastPathComponent: String {
        let trimmed = hasSuffix("/") && count > 1 ? String(dropLast()) : self
        return trimmed.split(separator: "/").last.map(String.init) ?? trimmed
    }
}
