import Transport

/// A directory in the login user's temp folder that only the login user can enter, where
/// uploaded bytes wait for a program that runs as another user: uploads travel as the login
/// user, `become` belongs to programs. A program run as the login user makes it. Its name carries
/// the connection's owner process (`TemporaryName`), so the next run removes what a run cut
/// short left in it.
enum PrivateUploadDirectory {
    /// Makes a directory named after `kind` (`pb-upload`, `pb-deb`) for `module` and returns its
    /// path; `what` names the bytes in the failure message.
    static func make(
        _ kind: String, module: String, for what: String, context: ModuleContext, on connection: Connection
    )
        throws(TransportError) -> Result<String, RemoteRun.FailedRun>
    {
        let template = TemporaryName.directoryTemplate(kind, owner: try connection.temporaryOwner())
        let probe = ModuleProgram(
            moduleName: module,
            body: "pb_report() { pb_add_str dir \"$(umask 077 && mktemp -d \"${TMPDIR:-/tmp}/\(template)\")\"; }\npb_main",
            checkMode: false, diff: false)
        var userContext = context
        userContext.become = nil
        switch try RemoteRun.execute(probe, context: userContext, on: connection) {
        case .failure(let failed): return .failure(failed)
        case .success(let reply):
            guard let directory = reply.values["dir"]?.stringValue, directory.hasPrefix("/") else {
                return .failure(RemoteRun.FailedRun(result: .failure("cannot create a temporary directory for \(what)")))
            }
            return .success(directory)
        }
    }
}
