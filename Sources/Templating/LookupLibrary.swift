import Diagnostics
import Values

/// Ansible's lookup plugins that run on the controller: `lookup(name, terms…)` and
/// `query(…)`/`q(…)`. Relative paths are searched the way Ansible searches them, from the
/// `role_path` and `playbook_dir` of the task rendering the template.
enum LookupLibrary {
    typealias Plugin = @Sendable (LookupCall) throws(TemplateFailure) -> [Value]

    static let plugins: [String: Plugin] = controllerPlugins.merging(listPlugins) { mine, _ in mine }
        .merging(inventoryPlugins) { mine, _ in mine }
        .merging(fileFormatPlugins) { mine, _ in mine }

    private static let controllerPlugins: [String: Plugin] = [
        "file": { call throws(TemplateFailure) in
            let rstrip = call.keywords["rstrip"]?.isTruthy ?? true
            let lstrip = call.keywords["lstrip"]?.isTruthy ?? false
            var results: [Value] = []
            for term in call.terms {
                var text = try call.readFile(term.pythonString, in: "files")
                if rstrip { text = PythonStrings.strip(text, characters: nil, leading: false, trailing: true) }
                if lstrip { text = PythonStrings.strip(text, characters: nil, leading: true, trailing: false) }
                results.append(.string(text))
            }
            return results
        },
        "env": { call throws(TemplateFailure) in
            let fallback = call.keywords["default"] ?? .string("")
            return call.terms.map { term in ControllerFiles.environment(term.pythonString).map(Value.string) ?? fallback }
        },
        "vars": { call throws(TemplateFailure) in
            var results: [Value] = []
            for term in call.terms {
                let name = term.pythonString
                if case .value(let value) = try call.interpreter.lookup(name, at: call.offset) {
                    results.append(value)
                } else if let fallback = call.keywords["default"] {
                    results.append(fallback)
                } else {
                    throw call.fail("no variable found with this name: \(name)")
                }
            }
            return results
        },
        "template": { call throws(TemplateFailure) in
            var results: [Value] = []
            for term in call.terms {
                let path = try call.locate(term.pythonString, in: "templates")
                let variables = call.keywords["template_vars"]?.dictValue ?? ValueDict()
                let rendered = try call.interpreter.renderFile(path, at: call.offset, variables: variables)
                let source = if case .text(let text) = ControllerFiles.read(path) { text } else { "" }
                results.append(.string(TemplateOptions.preservingTrailingNewlines(rendered, of: source)))
            }
            return results
        },
        "pipe": { call throws(TemplateFailure) in
            var results: [Value] = []
            for term in call.terms {
                let command = term.pythonString
                guard let (status, output) = ControllerFiles.run(command) else {
                    throw call.fail("could not start '\(command)'")
                }
                guard status == 0 else { throw call.fail("lookup_plugin.pipe(\(command)) returned \(status)") }
                results.append(.string(PythonStrings.strip(output, characters: nil, leading: false, trailing: true)))
            }
            return results
        },
        "lines": { call throws(TemplateFailure) in
            var results: [Value] = []
            for term in call.terms {
                let command = term.pythonString
                guard let (status, output) = ControllerFiles.run(command), status == 0 else {
                    throw call.fail("lookup_plugin.lines(\(command)) failed")
                }
                results += output.split(separator: "\n", omittingEmptySubsequences: false).dropLast(output.hasSuffix("\n") ? 1 : 0)
                    .map { .string(String($0)) }
            }
            return results
        },
        "first_found": { call throws(TemplateFailure) in
            var names: [String] = []
            var directories: [String] = []
            for term in call.terms {
                switch term {
                case .list(let items): names += items.map(\.pythonString)
                case .dict(let options):
                    names += (options["files"].map(LookupCall.stringList) ?? [])
                    directories += (options["paths"].map(LookupCall.stringList) ?? [])
                default: names.append(term.pythonString)
                }
            }
            names += call.keywords["files"].map(LookupCall.stringList) ?? []
            directories += call.keywords["paths"].map(LookupCall.stringList) ?? []
            var searched: [String] = []
            for name in names {
                let candidates = directories.isEmpty
                    ? call.searchPaths(for: name, in: call.subdirectory) : directories.map { ControllerFiles.join($0, name) }
                for candidate in candidates {
                    if ControllerFiles.isReadableFile(candidate) { return [.string(candidate)] }
                    searched.append(candidate)
                }
            }
            if call.keywords["skip"]?.isTruthy == true { return [] }
            throw call.fail("no file was found when using first_found; searched: \(searched.joined(separator: ", "))")
        },
        "fileglob": { call throws(TemplateFailure) in
            var results: [Value] = []
            for term in call.terms {
                let pattern = term.pythonString
                for candidate in call.searchPaths(for: pattern, in: "files") {
                    let matches = ControllerFiles.glob(candidate).filter(ControllerFiles.isReadableFile)
                    if !matches.isEmpty {
                        results += matches.map(Value.string)
                        break
                    }
                }
            }
            return results
        },
        "items": { call throws(TemplateFailure) in
            call.terms.flatMap { term -> [Value] in
                if case .list(let items) = term { return items }
                return [term]
            }
        },
        "list": { call throws(TemplateFailure) in call.terms },
        "password": { call throws(TemplateFailure) in try PasswordLookup.run(call) },
        "indexed_items": { call throws(TemplateFailure) in
            call.terms.flatMap { term -> [Value] in term.listValue ?? [term] }.enumerated().map { .list([.int($0), $1]) }
        },
        "dict": { call throws(TemplateFailure) in
            var results: [Value] = []
            for term in call.terms {
                guard case .dict(let dict) = term else { throw call.fail("with_dict expects a dict") }
                for (key, value) in dict { results.append(.dict(ValueDict([("key", .string(key)), ("value", value)]))) }
            }
            return results
        },
    ]

    static var names: [String] { plugins.keys.sorted() }
}
