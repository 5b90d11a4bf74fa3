import Diagnostics
import Modules
import PlaybookModel
import Templating
import Values

#if canImport(Glibc)
    import Glibc
#endif

/// The controller half of `template`: find the file, render it in the task's variables with
/// the template module's Jinja2 settings, and hand the text to the module.
enum TemplateRendering {
    static func render(
        arguments: inout ValueDict, task: Task, scope: VariableScope, playbook: Playbook, engine: TemplateEngine
    ) throws(TemplateError) {
        guard let src = arguments["src"]?.stringValue else { return }
        let path = locate(src, task: task, playbook: playbook)
        guard let path, let text = DiagnosticPrinter.readFile(path) else {
            let mark = task.argumentMarks["src"] ?? task.moduleMark
            throw TemplateError(kind: .filterError, diagnostic: .error(
                .io, "template '\(src)' not found", at: mark,
                hint: "looked in: " + SearchPaths.templates(for: task, playbook: playbook).joined(separator: ", ")))
        }
        scope.setFinal("template_path", .string(path))
        scope.setFinal("template_fullpath", .string(path))
        scope.setFinal("template_destpath", arguments["dest"] ?? .null)
        scope.setFinal("template_host", .string(hostName()))
        scope.setFinal("ansible_managed", "Ansible managed")
        let options = TemplateOptions(
            trimBlocks: arguments["trim_blocks"]?.boolValue ?? true,
            lstripBlocks: arguments["lstrip_blocks"]?.boolValue ?? false,
            newlineSequence: arguments["newline_sequence"]?.stringValue ?? "\n")
        let rendered = try engine.renderTemplate(text, file: path, context: scope.context, options: options)
        arguments[TemplateModule.renderedContentArgument] = .string(rendered)
        arguments["src"] = .string(path)
    }

    private static func locate(_ src: String, task: Task, playbook: Playbook) -> String? {
        if src.hasPrefix("/") { return access(src, R_OK) == 0 ? src : nil }
        for directory in SearchPaths.templates(for: task, playbook: playbook) {
            let candidate = SearchPaths.join(directory, src)
            if access(candidate, R_OK) == 0 { return candidate }
        }
        return nil
    }

    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(cString: buffer)
    }
}
