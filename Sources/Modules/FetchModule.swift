import FoundationEssentials
import Transport
import Values

/// `fetch`: a file of the target written on the controller, under
/// `dest/<inventory_hostname>/<src>` or, with `flat`, at `dest`. The remote program
/// (`modules/fetch.sh`) compares the file's SHA-1 with the controller's copy and sends the bytes
/// only when they differ; they travel base64-encoded in its result, so files are limited to
/// `sizeLimit`. The controller writes a temp file beside the destination and renames it.
public struct FetchModule: Module {
    public let spec = ModuleSpec.fetch
    public static let sizeLimit = 64 * 1024 * 1024

    public init() {}

    public func run(_ arguments: ValueDict, context: ModuleContext, on connection: Connection) throws(TransportError)
        -> ModuleResult
    {
        if context.checkMode {
            return ModuleResult(skipped: true, message: "check mode not (yet) supported for this module")
        }
        guard let body = ModulePrograms.source(named: "fetch") else {
            return .failure(ModuleProgramError.missingProgram("fetch").description)
        }
        let source = FetchModule.normalize(arguments["src"]?.stringValue ?? "")
        let failOnMissing = arguments["fail_on_missing"]?.boolValue ?? true
        let dest: String
        switch destination(arguments, source: source, host: connection.hostName, context: context) {
        case .success(let path): dest = path
        case .failure(let problem): return .failure(problem.message)
        }
        let local = SHA1.file(dest)
        var program = ModuleProgram(moduleName: spec.name, body: body, checkMode: false, diff: false)
        do {
            try program.set("src", .string(source))
            try program.set("limit", .int(FetchModule.sizeLimit))
            if let local { try program.set("local_checksum", .string(local.checksum)) }
        } catch {
            return .failure(error.description)
        }
        let reply: ModuleReply
        switch try RemoteRun.execute(program, context: context, on: connection) {
        case .failure(let failed): return failed.result
        case .success(let answer): reply = answer
        }
        if reply.failed {
            return missing(reply, source: source, failOnMissing: failOnMissing, context: context)
        }
        let remoteChecksum = reply.values["remote_checksum"]?.stringValue ?? ""
        let md5 = reply.values["remote_md5"] ?? .null
        var values = ValueDict()
        values["failed"] = .bool(false)
        guard let bytes = reply.blobs["content"] else {
            values["md5sum"] = md5
            values["file"] = .string(source)
            values["dest"] = .string(dest)
            values["checksum"] = .string(local?.checksum ?? remoteChecksum)
            return ModuleResult(changed: false, values: values)
        }
        if let problem = FetchModule.write(bytes, to: dest) { return .failure("Failed to fetch the file: \(problem)") }
        let written = SHA1.file(dest)?.checksum ?? ""
        values["md5sum"] = md5
        values["dest"] = .string(dest)
        values["remote_md5sum"] = .null
        values["checksum"] = .string(written)
        values["remote_checksum"] = .string(remoteChecksum)
        if arguments["validate_checksum"]?.boolValue ?? true, written != remoteChecksum {
            values["file"] = .string(source)
            return ModuleResult(failed: true, message: "checksum mismatch", values: values)
        }
        return ModuleResult(changed: true, values: values)
    }

    /// A missing source or a directory, worded as Ansible's action words it: a failure, or with
    /// `fail_on_missing: false` an ok result whose message says it was ignored.
    private func missing(_ reply: ModuleReply, source: String, failOnMissing: Bool, context: ModuleContext)
        -> ModuleResult
    {
        let reason = reply.values["reason"]?.stringValue
        var message = reply.message ?? "unable to fetch \(source)"
        if reason == "missing" { message = "the remote file does not exist, not transferring, ignored" }
        var values = ValueDict()
        if !failOnMissing {
            // Ansible names the file only when the problem is ignored.
            values["file"] = .string(source)
            values["failed"] = .bool(false)
            if reason == "directory" { message += ", not transferring, ignored" }
        }
        return SecretMask.apply(context.secrets, to: ModuleResult(failed: failOnMissing, message: message, values: values))
    }
}
