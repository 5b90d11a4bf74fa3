#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Diagnostics
import Values

/// One `lookup('name', terms…, key=value)`: the terms, the plugin's options, and the search
/// paths of the task whose template runs it.
struct LookupCall {
    let name: String
    let terms: [Value]
    let keywords: ValueDict
    let offset: Int
    let interpreter: Interpreter
    /// Where `first_found` looks inside a role or the playbook's directory: `files` in a
    /// template; for a `with_first_found:` loop, the folder the task's action reads from.
    var subdirectory = "files"
    /// How errors name the call: `lookup('file')` in a template, `with_file` on a loop.
    var caller: String?

    func fail(_ message: String) -> TemplateFailure {
        let caller = caller ?? "lookup('\(name)')"
        // ansible-core's own words often name the loop already ("with_dict expects a dict").
        if message.contains(caller) { return TemplateFailure(.filterError, message, at: offset) }
        return TemplateFailure(.filterError, "\(caller): \(message)", at: offset)
    }

    static func stringList(_ value: Value) -> [String] {
        if case .list(let items) = value { return items.map(\.pythonString) }
        // Ansible splits a string of names on commas and semicolons in first_found.
        return value.pythonString.split(whereSeparator: { $0 == "," || $0 == ";" }).map(String.init)
    }

    /// Where a relative `name` is looked for, in Ansible's order: beside the template being
    /// rendered, the role's `files/` (or `templates/`) and the role, then the playbook's
    /// directory with the same subdirectory first. Without any of these, the current directory.
    func searchPaths(for name: String, in subdirectory: String) -> [String] {
        if name.hasPrefix("/") { return [name] }
        var directories: [String] = []
        if let directory = interpreter.fileDirectories.last ?? variable("template_fullpath").map(ControllerFiles.directory) {
            directories += [directory, ControllerFiles.join(directory, subdirectory)]
        }
        for base in [variable("role_path"), variable("playbook_dir")].compactMap({ $0 }) {
            directories += [ControllerFiles.join(base, subdirectory), base]
        }
        if directories.isEmpty { directories = ["."] }
        var seen = Set<String>()
        return directories.map(Self.absolute).filter { seen.insert($0).inserted }.map { ControllerFiles.join($0, name) }
    }

    /// Ansible's search paths are absolute (its `playbook_dir` is), so what a lookup finds is
    /// named by an absolute path even when the playbook was given by a relative one.
    static func absolute(_ directory: String) -> String {
        guard !directory.hasPrefix("/") else { return directory }
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return directory }
        let current = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let parts = (current + "/" + directory).split(separator: "/").filter { $0 != "." }
        return "/" + parts.joined(separator: "/")
    }

    func locate(_ name: String, in subdirectory: String) throws(TemplateFailure) -> String {
        let candidates = searchPaths(for: name, in: subdirectory)
        if let found = candidates.first(where: ControllerFiles.isReadableFile) { return found }
        throw fail("could not find '\(name)'; searched: \(candidates.joined(separator: ", "))")
    }

    func readFile(_ name: String, in subdirectory: String) throws(TemplateFailure) -> String {
        let path = try locate(name, in: subdirectory)
        switch ControllerFiles.read(path) {
        case .text(let text): return text
        case .missing: throw fail("could not read '\(path)'")
        case .tooLarge: throw TemplateFailure(.limit, "lookup('\(name)'): '\(path)' is larger than \(ControllerFiles.maximumFileBytes >> 20) MiB", at: offset)
        case .notUTF8: throw fail("'\(path)' is not UTF-8 text")
        }
    }

    func variable(_ name: String) -> String? {
        guard case .value(.string(let text))? = try? interpreter.lookup(name, at: offset), !text.isEmpty else { return nil }
        return text
    }
}

extension Interpreter {
    /// `lookup(…)` joins string results with commas and unwraps a single other value, as
    /// Ansible does; `query(…)`, `q(…)` and `wantlist=True` always give the list.
    func runLookup(_ function: String, positional: [Value], keywords: ValueDict, at offset: Int)
        throws(TemplateFailure) -> Value
    {
        guard let first = positional.first, case .string(let name) = first else {
            throw .type("\(function)() needs the name of a lookup plugin as its first argument", at: offset)
        }
        let (pluginName, plugin) = try LookupLibrary.plugin(named: name, at: offset, limits: limits)
        var options = keywords
        let wantList = function != "lookup" || (options["wantlist"]?.isTruthy ?? false)
        let errors = options["errors"]?.pythonString ?? "strict"
        guard ["strict", "warn", "ignore"].contains(errors) else {
            throw .type("errors must be 'strict', 'warn' or 'ignore', not '\(errors)'", at: offset)
        }
        options["wantlist"] = nil
        options["errors"] = nil
        let call = LookupCall(
            name: pluginName, terms: Array(positional.dropFirst()), keywords: options, offset: offset, interpreter: self)
        let results: [Value]
        do throws(TemplateFailure) {
            results = try plugin(call)
        } catch {
            // A lookup that fails under errors='warn'/'ignore' gives nothing instead of failing.
            guard errors != "strict", error.kind == .filterError else { throw error }
            return wantList ? .list([]) : .null
        }
        // An empty result stays a list even for lookup(), as ansible-core joins only a non-empty one.
        if wantList || results.isEmpty { return .list(results) }
        if results.allSatisfy({ if case .string = $0 { return true } else { return false } }) {
            return .string(results.map(\.pythonString).joined(separator: ","))
        }
        return results.count == 1 ? results[0] : .list(results)
    }
}

extension LookupLibrary {
    /// The plugin for `name` (`ansible.builtin.` allowed), refused when it would run a command
    /// or write a file on the controller where text may not.
    static func plugin(named name: String, at offset: Int, limits: TemplateLimits) throws(TemplateFailure) -> (String, Plugin) {
        let pluginName = name.hasPrefix("ansible.builtin.") ? String(name.dropFirst("ansible.builtin.".count)) : name
        guard let plugin = plugins[pluginName] else {
            throw TemplateFailure(
                .unknownFilter(name), "no lookup plugin named '\(name)'", at: offset,
                hint: Suggestion.didYouMean(pluginName, in: names))
        }
        if !limits.allowsControllerCommands, ["pipe", "lines"].contains(pluginName) {
            throw TemplateFailure(.limit, "lookup('\(name)') would run a command on the controller, which is not allowed here", at: offset)
        }
        // The password lookup writes files; text that may not run commands may not write them either.
        if !limits.allowsControllerCommands, pluginName == "password" {
            throw TemplateFailure(.limit, "lookup('\(name)') would write a file on the controller, which is not allowed here", at: offset)
        }
        return (pluginName, plugin)
    }
}
