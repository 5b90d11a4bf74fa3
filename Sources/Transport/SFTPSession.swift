internal import CLibSSH2

/// Owns a libssh2 SFTP subsystem (its own channel on the session); shut down in `deinit`.
final class SFTPSession {
    let raw: OpaquePointer
    let session: SSHSession

    private init(raw: OpaquePointer, session: SSHSession) {
        self.raw = raw
        self.session = session
    }

    deinit {
        _ = try? session.perform("libssh2_sftp_shutdown", until: .after(seconds: 1)) { libssh2_sftp_shutdown(raw) }
    }

    static func start(on session: SSHSession, until deadline: Deadline) throws(SSHCallError) -> SFTPSession {
        let raw = try session.performReturningHandle("libssh2_sftp_init", until: deadline) {
            libssh2_sftp_init(session.raw)
        }
        return SFTPSession(raw: raw, session: session)
    }

    /// Runs an SFTP call; an SFTP status error names the status and the path.
    @discardableResult
    func perform<Code: BinaryInteger>(_ call: String, path: String, until deadline: Deadline, _ body: () -> Code)
        throws(SSHCallError) -> Code
    {
        do {
            return try session.perform(call, until: deadline, body)
        } catch where error.code == LIBSSH2_ERROR_SFTP_PROTOCOL {
            throw SSHCallError(call: call, code: error.code, message: statusText(lastStatus), path: path)
        }
    }

    var lastStatus: UInt { libssh2_sftp_last_error(raw) }

    /// Creates `path` exclusively with `mode` (0600 for temporary files, so the bytes are never
    /// readable by others before the final mode is set).
    func create(_ path: String, mode: UInt16, until deadline: Deadline) throws(SSHCallError) -> SFTPFile {
        let flags = UInt(LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_EXCL)
        do {
            let handle = try session.performReturningHandle("libssh2_sftp_open_ex", until: deadline) {
                libssh2_sftp_open_ex(raw, path, UInt32(path.utf8.count), flags, Int(mode), LIBSSH2_SFTP_OPENFILE)
            }
            return SFTPFile(raw: handle, sftp: self, path: path)
        } catch where error.code == LIBSSH2_ERROR_SFTP_PROTOCOL {
            throw SSHCallError(call: error.call, code: error.code, message: statusText(lastStatus), path: path)
        }
    }

    func unlink(_ path: String, until deadline: Deadline) throws(SSHCallError) {
        try perform("libssh2_sftp_unlink_ex", path: path, until: deadline) {
            libssh2_sftp_unlink_ex(raw, path, UInt32(path.utf8.count))
        }
    }

    func statusText(_ status: UInt) -> String {
        switch status {
        case UInt(LIBSSH2_FX_NO_SUCH_FILE), UInt(LIBSSH2_FX_NO_SUCH_PATH): return "no such file or directory"
        case UInt(LIBSSH2_FX_PERMISSION_DENIED): return "permission denied"
        case UInt(LIBSSH2_FX_FAILURE): return "failure (the file may exist, or the operation is not permitted)"
        case UInt(LIBSSH2_FX_OP_UNSUPPORTED): return "operation not supported by the server"
        case UInt(LIBSSH2_FX_FILE_ALREADY_EXISTS): return "file already exists"
        case UInt(LIBSSH2_FX_NO_SPACE_ON_FILESYSTEM): return "no space left on the file system"
        case UInt(LIBSSH2_FX_QUOTA_EXCEEDED): return "quota exceeded"
        case UInt(LIBSSH2_FX_NOT_A_DIRECTORY): return "not a directory"
        case UInt(LIBSSH2_FX_WRITE_PROTECT): return "read-only file system"
        default: return "SFTP status \(status)"
        }
    }
}

/// Owns one open SFTP file handle and closes it in `deinit` if it was not closed explicitly.
final class SFTPFile {
    private let raw: OpaquePointer
    private let sftp: SFTPSession
    let path: String
    private var closed = false

    fileprivate init(raw: OpaquePointer, sftp: SFTPSession, path: String) {
        self.raw = raw
        self.sftp = sftp
        self.path = path
    }

    deinit {
        if !closed { _ = try? close(until: .after(seconds: 1)) }
    }

    /// Writes all of `bytes`. libssh2 pipelines SFTP writes; after EAGAIN it must be called
    /// again with the same buffer, which `perform` does.
    func write(_ bytes: ArraySlice<UInt8>, until deadline: Deadline) throws(SSHCallError) {
        var offset = bytes.startIndex
        var wait = SocketWait()
        while offset < bytes.endIndex {
            let rc = bytes[offset...].withUnsafeBytes { chunk in
                libssh2_sftp_write(raw, chunk.baseAddress?.assumingMemoryBound(to: CChar.self), chunk.count)
            }
            if rc == Int(LIBSSH2_ERROR_EAGAIN) {
                try wait.wait(on: sftp.session, "libssh2_sftp_write", until: deadline)
                continue
            }
            if rc < 0 {
                let error = sftp.session.lastError("libssh2_sftp_write", Int32(truncatingIfNeeded: rc))
                guard error.code == LIBSSH2_ERROR_SFTP_PROTOCOL else { throw error }
                throw SSHCallError(call: error.call, code: error.code, message: sftp.statusText(sftp.lastStatus), path: path)
            }
            offset += rc
        }
    }

    /// Flushes to disk through `fsync@openssh.com`; false when the server lacks the extension.
    func fsync(until deadline: Deadline) throws(SSHCallError) -> Bool {
        do {
            try sftp.perform("libssh2_sftp_fsync", path: path, until: deadline) { libssh2_sftp_fsync(raw) }
            return true
        } catch where error.code == LIBSSH2_ERROR_SFTP_PROTOCOL && sftp.lastStatus == UInt(LIBSSH2_FX_OP_UNSUPPORTED) {
            return false
        }
    }

    func close(until deadline: Deadline) throws(SSHCallError) {
        guard !closed else { return }
        closed = true
        try sftp.perform("libssh2_sftp_close_handle", path: path, until: deadline) { libssh2_sftp_close_handle(raw) }
    }
}
