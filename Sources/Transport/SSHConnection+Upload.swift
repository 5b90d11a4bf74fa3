#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension SSHConnection {
    /// Uploads through SFTP to a 0600 temporary file in the destination's directory, fsyncs,
    /// then gives it `mode` and its final name in one program, so readers see the old file or
    /// the new one, the new file never has a wider mode than asked, and a connection cut at any
    /// moment leaves at most a 0600 temporary file. The temporary file is removed on any failure
    /// the connection survives.
    public func upload(_ source: UploadSource, to remotePath: String, mode: UInt16) throws(TransportError) {
        lock.lock()
        defer { lock.unlock() }
        let (directory, name) = Self.split(remotePath)
        let temporary = "\(directory)/.\(name).\(ShellFrame.makeNonce()).tmp"
        // The mode and the rename travel as one program through the login shell: started
        // before the temporary file exists, it is ready the moment the upload ends. chmod before
        // mv in one program leaves no round trip in which a cut connection could strand the
        // temporary file with its final mode, and mv -f replaces an existing file atomically
        // (SFTP v3, OpenSSH's, refuses to rename over one).
        _ = try loginShell()
        let sftp = try sftpSession()
        try writeFile(source, to: temporary, sftp: sftp)
        options.emit(4, hostName, "uploaded \(temporary), giving it mode \(String(mode, radix: 8)) and renaming to \(remotePath)")
        let quotedTemporary = ShellQuote.quote(temporary)
        let move = ProgramScript(
            command: "chmod \(String(mode & 0o7777, radix: 8)) -- \(quotedTemporary) && mv -f -- \(quotedTemporary) \(ShellQuote.quote(remotePath))",
            stdin: [])
        let result = try runScript(move, deadline: operationDeadline)
        guard result.status == 0 else {
            try? sftp.unlink(temporary, until: operationDeadline)
            throw .fileOperation(
                host: hostName, path: remotePath,
                reason: "cannot rename the uploaded file into place: \(BecomeBroker.text(result.stderr))")
        }
    }

    /// Uploads to a new 0600 file in `directory` and returns its path, for a privileged program
    /// to move into place (uploads cannot use sudo; the program can). Written in place: until
    /// the program uses it, the name marks it as this connection's (`TemporaryName`).
    public func uploadTemporary(_ source: UploadSource, directory: String) throws(TransportError) -> String {
        lock.lock()
        defer { lock.unlock() }
        let path = TemporaryName.upload(in: directory, owner: try loginShell().processID)
        try writeFile(source, to: path, sftp: try sftpSession())
        return path
    }

    /// Writes a new 0600 file and flushes it; its final mode is the caller's to give.
    private func writeFile(_ source: UploadSource, to path: String, sftp: SFTPSession) throws(TransportError) {
        let file: SFTPFile
        do {
            file = try sftp.create(path, mode: 0o600, until: operationDeadline)
        } catch {
            throw failure(error)
        }
        do {
            try stream(source, into: file)
            if try !file.fsync(until: operationDeadline) {
                options.emit(3, hostName, "the SFTP server has no fsync@openssh.com; \(path) is not flushed before rename")
            }
            try file.close(until: operationDeadline)
        } catch let error as SSHCallError {
            if error.meansConnectionLost || interrupted.isSet { throw lost(error) }
            try? file.close(until: operationDeadline)
            try? sftp.unlink(path, until: operationDeadline)
            throw failure(error)
        } catch let error as TransportError {
            try? file.close(until: operationDeadline)
            try? sftp.unlink(path, until: operationDeadline)
            throw error
        } catch {
            throw .ssh(host: hostName, call: "upload", code: -1, message: "\(error)")
        }
    }

    /// The login shell, started if need be: it lives as long as the session.
    public func temporaryOwner() throws(TransportError) -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        return try loginShell().processID
    }

    /// Local files are streamed in chunks; a 50 MB file never sits in memory whole.
    private func stream(_ source: UploadSource, into file: SFTPFile) throws {
        switch source {
        case .bytes(let bytes):
            var offset = 0
            repeat {
                let end = min(bytes.count, offset + Self.chunkSize)
                try file.write(bytes[offset..<end], until: operationDeadline)
                offset = end
            } while offset < bytes.count
        case .file(let path):
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw TransportError.localFile(path: path, reason: FileText.errorText(errno)) }
            defer { Glibc.close(fd) }
            var buffer = [UInt8](repeating: 0, count: Self.chunkSize)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw TransportError.localFile(path: path, reason: FileText.errorText(errno))
                }
                if count == 0 { break }
                try file.write(buffer[0..<count], until: operationDeadline)
            }
        }
    }

    private static let chunkSize = 256 * 1024

    /// Each SFTP step must make progress within this time, or the host is considered gone.
    private var operationDeadline: Deadline { .after(seconds: max(30, target.connectTimeout * 3)) }

    private func sftpSession() throws(TransportError) -> SFTPSession {
        guard let session, lostReason == nil else { throw lostError() }
        if let sftp { return sftp }
        do {
            let started = try SFTPSession.start(on: session, until: operationDeadline)
            sftp = started
            return started
        } catch {
            throw failure(error)
        }
    }

    private func failure(_ error: SSHCallError) -> TransportError {
        if error.meansConnectionLost || interrupted.isSet { return lost(error) }
        if error.isFileStatus, let path = error.path { return .fileOperation(host: hostName, path: path, reason: error.message) }
        return .ssh(host: hostName, call: error.call, code: error.code, message: error.message)
    }

    private func lost(_ error: SSHCallError) -> TransportError {
        markLost("\(error.call): \(error.message)")
        return lostError()
    }

    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "" : directory, String(path[path.index(after: slash)...]))
    }
}
