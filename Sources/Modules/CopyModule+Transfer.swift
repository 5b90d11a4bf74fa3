import FoundationEssentials
import Transport
import Values

extension CopyModule {
    /// Copies one file: one program run, plus an upload and a second run only when the
    /// destination differs and the bytes are too large to travel inline.
    func copy(_ item: Item, arguments: ValueDict, context: ModuleContext, on connection: Connection)
        throws(TransportError) -> ModuleResult
    {
        guard let body = ModulePrograms.source(named: "copy") else {
            return .failure(ModuleProgramError.missingProgram("copy").description)
        }
        var newBytes: [UInt8]?
        var checksum: String?
        var size = 0
        switch item.bytes {
        case .inline(let bytes):
            (newBytes, checksum, size) = (bytes, SHA1.hex(bytes), bytes.count)
        case .localFile(let path):
            guard let summary = SHA1.file(path) else { return .failure("Could not read '\(path)' on the controller") }
            (checksum, size) = (summary.checksum, summary.size)
            if size <= CopyModule.inlineLimit {
                guard let data = FileManager.default.contents(atPath: path) else {
                    return .failure("Could not read '\(path)' on the controller")
                }
                newBytes = Array(data)
            }
        case .remote:
            break
        }
        if let expected = arguments["checksum"]?.stringValue, let checksum, expected.lowercased() != checksum {
            return .failure("Copied file does not match the expected checksum. Transfer failed.")
        }

        var program = ModuleProgram(moduleName: spec.name, body: body, checkMode: context.checkMode, diff: context.diff)
        do {
            for name in ["owner", "group", "backup", "force", "follow", "directory_mode", "mode"] {
                if let value = arguments[name] { try program.set(name, value) }
            }
            if let preserved = item.preservedMode { try program.set("mode", .string(preserved)) }
            try program.set("dest", .string(item.dest))
            if let basename = item.basename { try program.set("basename", .string(basename)) }
            if item.makeParents { try program.set("make_parents", .bool(true)) }
            if let checksum { try program.set("checksum", .string(checksum)) }
            try program.set("size", .int(size))
            if case .remote(let path) = item.bytes { try program.set("remote_src", .string(path)) }
            if let newBytes, newBytes.count <= CopyModule.inlineLimit {
                try program.set("content_b64", .string(Data(newBytes).base64EncodedString()))
            }
            if context.checkMode {
                // A missing destination directory may come with a package or a directory an
                // earlier task would create: the program predicts instead of failing.
                if !context.predictedPackages.isEmpty {
                    try program.set("predicted", .list(context.predictedPackages.sorted().map { .string($0) }))
                }
                if !context.predictedDirectories.isEmpty {
                    try program.set("predicted_dirs", .list(context.predictedDirectories.sorted().map { .string($0) }))
                }
            }
            if case .string(let text)? = arguments["validate"] {
                try program.defineValidate(text)
            }
            var modes = arguments
            if let preserved = item.preservedMode { modes["mode"] = .string(preserved) }
            try ProgramModule.defineModes(modes, spec: spec, in: &program)
        } catch {
            return .failure(error.description)
        }

        var reply: ModuleReply
        switch try RemoteRun.execute(program, context: context, on: connection) {
        case .failure(let failed): return failed.result
        case .success(let first): reply = first
        }
        if reply.values["needs_upload"]?.boolValue == true, case .localFile(let path) = item.bytes {
            switch try upload(path, replyDirectory: reply.values["upload_dir"]?.stringValue, context: context, on: connection) {
            case .failure(let failed): return failed.result
            case .success(let uploaded):
                do throws(ModuleProgramError) {
                    try program.set("upload", .string(uploaded.file))
                    if let dir = uploaded.directory { try program.set("upload_dir", .string(dir)) }
                } catch {
                    return .failure(error.description)
                }
                switch try RemoteRun.execute(program, context: context, on: connection) {
                case .failure(let failed): return failed.result
                case .success(let second): reply = second
                }
            }
        }
        return result(reply, item: item, newBytes: newBytes, context: context)
    }

    struct Uploaded {
        var file: String
        var directory: String?
    }

    /// Without privilege escalation the bytes go straight into the destination directory; with
    /// it, into a private temp directory of the login user, from which the program moves them.
    private func upload(_ path: String, replyDirectory: String?, context: ModuleContext, on connection: Connection)
        throws(TransportError) -> Result<Uploaded, RemoteRun.FailedRun>
    {
        if context.become == nil, let directory = replyDirectory {
            let file = TemporaryName.upload(in: directory, owner: try connection.temporaryOwner())
            try connection.upload(.file(path: path), to: file, mode: 0o600)
            return .success(Uploaded(file: file, directory: nil))
        }
        switch try PrivateUploadDirectory.make("pb-upload", module: "copy", for: "the upload", context: context, on: connection) {
        case .failure(let failed): return .failure(failed)
        case .success(let directory):
            let file = TemporaryName.upload(in: directory, owner: try connection.temporaryOwner())
            try connection.upload(.file(path: path), to: file, mode: 0o600)
            return .success(Uploaded(file: file, directory: directory))
        }
    }
}
