import FoundationEssentials
import Transport
import Values

/// `unarchive`: the remote program (`modules/unarchive.sh`) lists, compares and unpacks. An
/// archive on the controller is uploaded first, as Ansible's action does, but only after a short
/// run on the target has found that `creates` does not exist and `dest` is a directory: a task
/// with nothing to do never sends the archive.
public struct UnarchiveModule: Module {
    public let spec = ModuleSpec.unarchive
    /// Arguments the program reads; the rest only matter here or are accepted for compatibility.
    static let programArguments = [
        "dest", "creates", "list_files", "keep_newer", "exclude", "include", "extra_opts", "owner", "group", "mode",
    ]

    public init() {}

    public func run(_ arguments: ValueDict, context: ModuleContext, on connection: Connection) throws(TransportError)
        -> ModuleResult
    {
        guard let body = ModulePrograms.source(named: "unarchive") else {
            return .failure(ModuleProgramError.missingProgram("unarchive").description)
        }
        let src = arguments["src"]?.stringValue ?? ""
        var remoteSource = arguments["remote_src"]?.boolValue ?? false
        if let copy = arguments["copy"]?.boolValue { remoteSource = !copy }
        var program = ModuleProgram(moduleName: spec.name, body: body, checkMode: context.checkMode, diff: context.diff)
        do {
            for name in Self.programArguments {
                if let value = arguments[name] { try program.set(name, value) }
            }
            try ProgramModule.defineModes(arguments, spec: spec, in: &program)
        } catch {
            return .failure(error.description)
        }
        if remoteSource {
            return try run(program, source: src, uploaded: false, context: context, on: connection)
        }

        var probe = program
        do {
            try probe.set("phase", "probe")
        } catch {
            return .failure(error.description)
        }
        switch try RemoteRun.execute(probe, context: context, on: connection) {
        case .failure(let failed): return failed.result
        case .success(let reply):
            // `creates` found, or `dest` is not a directory: Ansible's answer comes before the upload.
            if reply.skipped || reply.failed { return RemoteRun.result(from: reply, context: context) }
        }
        guard let local = CopyModule.locate(src, in: context.searchDirectories),
            FileManager.default.isReadableFile(atPath: local)
        else {
            let searched = CopyModule.candidates(src, in: context.searchDirectories).joined(separator: "\n")
            return .failure("Could not find or access '\(src)' on the Ansible Controller.\nSearched in:\n\(searched)")
        }
        let uploaded = try connection.uploadTemporary(.file(path: local), directory: "/tmp")
        return try run(program, source: uploaded, uploaded: true, context: context, on: connection)
    }

    private func run(
        _ program: ModuleProgram, source: String, uploaded: Bool, context: ModuleContext, on connection: Connection
    ) throws(TransportError) -> ModuleResult {
        var program = program
        do {
            try program.set("src", .string(source))
            try program.set("uploaded", .bool(uploaded))
        } catch {
            return .failure(error.description)
        }
        switch try RemoteRun.execute(program, context: context, on: connection) {
        case .failure(let failed):
            // The program never ran to its end, so it may not have taken the upload away.
            if uploaded { _ = try? connection.run(RunRequest(program: "rm -f -- \(ShellQuote.quote(source))\n")) }
            return failed.result
        case .success(let reply):
            // Ansible's unarchive has no message unless it fails or skips.
            var result = RemoteRun.result(from: reply, context: context)
            if result.message == nil { result.values["msg"] = nil }
            return result
        }
    }
}
