import FoundationEssentials
import Transport
import Values

/// `apt`: the program decides from apt's own simulation; the Swift side uploads a controller
/// `deb`, turns the simulation's package names into predicted state for later tasks, and shapes
/// the diff as Ansible does (`prepared`: what apt would do).
public struct AptModule: Module {
    public let spec = ModuleSpec.apt

    public init() {}

    public func run(_ arguments: ValueDict, context: ModuleContext, on connection: Connection) throws(TransportError)
        -> ModuleResult
    {
        guard let body = ModulePrograms.source(named: "apt") else {
            return .failure(ModuleProgramError.missingProgram("apt").description)
        }
        var program = ModuleProgram(moduleName: spec.name, body: body, checkMode: context.checkMode, diff: context.diff)
        var arguments = arguments
        // A .deb found on the controller travels to a private temp directory on the target.
        if let deb = arguments["deb"]?.stringValue, !deb.contains("://"),
            let local = CopyModule.locate(deb, in: context.searchDirectories + ["."])
        {
            switch try uploadDeb(local, context: context, on: connection) {
            case .failure(let failed): return failed.result
            case .success(let uploaded):
                arguments["deb"] = .string(uploaded.file)
                arguments["deb_upload_dir"] = .string(uploaded.directory)
            }
        }
        do {
            try program.set(arguments: arguments)
        } catch {
            return .failure(error.description)
        }
        switch try RemoteRun.execute(program, context: context, on: connection) {
        case .failure(let failed):
            return failed.result
        case .success(let reply):
            var values = reply.values
            for key in reply.blobs.keys where key != "diff_prepared" {
                values[key] = .string(reply.text(key) ?? "")
            }
            if let stdout = values["stdout"]?.stringValue {
                values["stdout_lines"] = .list(stdout.splitLines().map { .string($0) })
            }
            if context.diff, let prepared = reply.text("diff_prepared") {
                values["diff"] = .dict(["prepared": .string(prepared)])
            }
            let installed = Set((values["packages"]?.listValue ?? []).compactMap(\.stringValue))
            let result = ModuleResult(
                changed: reply.changed, failed: reply.failed, skipped: reply.skipped, message: reply.message,
                values: values, predictedPackages: reply.failed ? [] : installed)
            return SecretMask.apply(context.secrets, to: result)
        }
    }

    struct UploadedDeb {
        var file: String
        var directory: String
    }

    private func uploadDeb(_ path: String, context: ModuleContext, on connection: Connection)
        throws(TransportError) -> Result<UploadedDeb, RemoteRun.FailedRun>
    {
        switch try PrivateUploadDirectory.make("pb-deb", module: "apt", for: "the .deb", context: context, on: connection) {
        case .failure(let failed): return .failure(failed)
        case .success(let directory):
            // apt reads a local package as root (it notes that its sandbox user cannot), so the
            // file stays private to the login user and root.
            let file = directory + "/" + path.lastPathComponent
            try connection.upload(.file(path: path), to: file, mode: 0o600)
            return .success(UploadedDeb(file: file, directory: directory))
        }
    }
}
