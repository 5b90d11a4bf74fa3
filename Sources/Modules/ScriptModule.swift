import FoundationEssentials
import Transport
import Values

/// `script`: a file of the controller run on the target. Scripts up to `inlineLimit` travel
/// inside the program (one round trip, and they work under any `become` user); larger ones are
/// uploaded first. The program writes the script into its own temporary directory, runs it
/// through the shell with the argument text as written (as Ansible does), and removes it.
public struct ScriptModule: Module {
    public let spec = ModuleSpec.script
    static let inlineLimit = 1024 * 1024

    public init() {}

    public func run(_ arguments: ValueDict, context: ModuleContext, on connection: Connection) throws(TransportError)
        -> ModuleResult
    {
        guard let body = ModulePrograms.source(named: "script") else {
            return .failure(ModuleProgramError.missingProgram("script").description)
        }
        let commandLine = (arguments["_raw_params"] ?? arguments["cmd"])?.stringValue ?? ""
        let parsed: (path: String, arguments: String)
        switch ScriptModule.parse(commandLine) {
        case .success(let found): parsed = found
        case .failure(let problem): return .failure(problem.message)
        }
        guard let local = CopyModule.locate(parsed.path, in: context.searchDirectories),
            let data = FileManager.default.contents(atPath: local)
        else {
            let remoteHint = "If you are using a module and expect the file to exist on the remote, see the remote_src option"
            // Ansible lists the places it searched only for a relative path.
            if parsed.path.hasPrefix("/") {
                return .failure("Could not find or access '\(parsed.path)' on the Ansible Controller.\n\(remoteHint)")
            }
            let searched = CopyModule.candidates(parsed.path, in: context.searchDirectories).joined(separator: "\n\t")
            return .failure(
                "Could not find or access '\(parsed.path)'\nSearched in:\n\t\(searched) on the Ansible Controller.\n\(remoteHint)")
        }
        var program = ModuleProgram(moduleName: spec.name, body: body, checkMode: context.checkMode, diff: false)
        let inline = data.count <= ScriptModule.inlineLimit || context.checkMode
        let uploaded = inline ? nil : try connection.uploadTemporary(.file(path: local), directory: "/tmp")
        do {
            for name in ["chdir", "creates", "removes", "executable"] {
                if let value = arguments[name] { try program.set(name, value) }
            }
            try program.set("args", .string(parsed.arguments))
            try program.set("name", .string(local.lastPathComponent))
            if let uploaded {
                try program.set("upload", .string(uploaded))
            } else {
                try program.set("content", .string(context.checkMode ? "" : data.base64EncodedString()))
            }
        } catch {
            if let uploaded { ScriptModule.removeUpload(uploaded, on: connection) }
            return .failure(error.description)
        }
        switch try RemoteRun.execute(program, context: context, on: connection) {
        case .failure(let failed):
            if let uploaded { ScriptModule.removeUpload(uploaded, on: connection) }
            return failed.result
        case .success(let reply):
            return SecretMask.apply(context.secrets, to: ScriptModule.result(reply))
        }
    }

    struct Problem: Error {
        var message: String
    }

    /// `path args…`: the first shell word is the script; the rest is the argument text as
    /// written, which the target's shell reads (quotes, variables and all).
    static func parse(_ commandLine: String) -> Result<(path: String, arguments: String), Problem> {
        let trimmed = commandLine.trimmingSpaces()
        let words: [String]
        do {
            words = try ShellWords.split(trimmed)
        } catch {
            return .failure(Problem(message: "cannot split the script's command line: a \(error.quote) quote is not closed"))
        }
        guard let path = words.first, !path.isEmpty else { return .failure(Problem(message: "script path is required")) }
        return .success((path, ScriptModule.textAfterFirstWord(trimmed)))
    }

    /// The text after the first shell word (which may be quoted) and the blanks after it.
    static func textAfterFirstWord(_ text: String) -> String {
        var quote: Character?
        var escaped = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if escaped {
                escaped = false
            } else if let open = quote {
                if character == open { quote = nil } else if open == "\"" && character == "\\" { escaped = true }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "\\" {
                escaped = true
            } else if character == " " || character == "\t" {
                break
            }
            index = text.index(after: index)
        }
        return String(text[index...]).trimmingSpaces()
    }

    /// Ansible's script result: the outputs untrimmed, with their lines; a non-zero status fails.
    static func result(_ reply: ModuleReply) -> ModuleResult {
        var values = reply.values
        // Ansible's script result has no message unless it was skipped or failed.
        if reply.message == nil { values["msg"] = nil }
        values["failed"] = .bool(reply.failed)
        for stream in ["stdout", "stderr"] {
            guard let text = reply.text(stream, trimmingNewline: false) else { continue }
            values[stream] = .string(text)
            values["\(stream)_lines"] = .list(text.splitLines().map { .string($0) })
        }
        return ModuleResult(
            changed: reply.changed, failed: reply.failed, skipped: reply.skipped, message: reply.message, values: values)
    }

    /// A large script's upload when its program never ran to remove it.
    static func removeUpload(_ path: String, on connection: Connection) {
        _ = try? connection.run(RunRequest(program: "rm -f -- \(ShellQuote.quote(path))\n"))
    }
}
