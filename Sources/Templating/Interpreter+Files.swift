import Diagnostics
import Values

/// Other template files rendered from a template: `{% include %}`, `{% import %}`,
/// `{% from … import … %}` and `lookup('template', …)`.
extension Interpreter {
    /// Includes nested deeper than this (a file including itself) are refused.
    static let maximumFileDepth = 32

    /// Renders the template at `path` with the variables in scope here, as Jinja2's include
    /// does; a failure inside it is placed in that file, not in the including one.
    func renderFile(_ path: String, at offset: Int, variables: ValueDict = ValueDict()) throws(TemplateFailure) -> String {
        var out = ""
        try withFile(path, at: offset) { (nodes) throws(TemplateFailure) in
            try withScope { () throws(TemplateFailure) in
                for (name, value) in variables { assign(name, value) }
                try render(nodes, into: &out)
            }
        }
        return out
    }

    /// Runs the file at `path` for what it exports: its macros and the variables its top level
    /// sets (`{% set version = '2' %}` is `m.version` after `{% import … as m %}`).
    func exports(of path: String, at offset: Int) throws(TemplateFailure)
        -> (macros: [String: TemplateNode.Macro], variables: ValueDict)
    {
        let saved = macros
        defer { macros = saved }
        macros = [:]
        var discarded = ""
        var variables = ValueDict()
        try withFile(path, at: offset) { (nodes) throws(TemplateFailure) in
            try withScope { () throws(TemplateFailure) in
                try render(nodes, into: &discarded)
                variables = scopes.last ?? ValueDict()
            }
        }
        var exported = macros
        for name in exported.keys { exported[name]?.moduleVariables = variables }
        return (exported, variables)
    }

    func withFile(_ path: String, at offset: Int, _ body: ([TemplateNode]) throws(TemplateFailure) -> Void)
        throws(TemplateFailure)
    {
        fileDepth += 1
        defer { fileDepth -= 1 }
        guard fileDepth <= Self.maximumFileDepth else {
            throw TemplateFailure(.limit, "templates included more than \(Self.maximumFileDepth) levels deep", at: offset)
        }
        let text: String
        switch ControllerFiles.read(path) {
        case .text(let read): text = read
        case .missing: throw TemplateFailure(.filterError, "could not read the template '\(path)'", at: offset)
        case .tooLarge: throw TemplateFailure(.limit, "the template '\(path)' is too large", at: offset)
        case .notUTF8: throw TemplateFailure(.filterError, "the template '\(path)' is not UTF-8 text", at: offset)
        }
        let start = Mark(file: path, line: 1, column: 1)
        let compiled: CompiledTemplate
        let mark: Mark
        do throws(TemplateFailure) {
            let overridden = try TemplateOptions.ansibleFile.applyingOverrides(in: text)
            mark = Mark(file: path, line: 1 + overridden.skippedLines, column: 1)
            compiled = try TemplateParser.compile(overridden.body, options: overridden.0)
            try NameCheck.check(compiled.nodes)
        } catch {
            throw TemplateFailure(passingThrough: error.located(in: SourceText(text), base: start), at: offset)
        }
        fileDirectories.append(ControllerFiles.directory(of: path))
        defer { fileDirectories.removeLast() }
        do throws(TemplateFailure) {
            try body(compiled.nodes)
        } catch {
            throw TemplateFailure(passingThrough: error.located(in: compiled.source, base: mark), at: offset)
        }
    }

    /// The file a template name refers to, searched like `lookup('template')` searches.
    func locateTemplate(_ name: String, at offset: Int) throws(TemplateFailure) -> String? {
        let call = LookupCall(name: "template", terms: [], keywords: ValueDict(), offset: offset, interpreter: self)
        return call.searchPaths(for: name, in: "templates").first(where: ControllerFiles.isReadableFile)
    }
}
