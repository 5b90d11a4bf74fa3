/// Names of what a run keeps on a host only while it works there: uploads waiting beside their
/// destination for the program that moves them into place, and private directories in which
/// uploads wait when that program runs as another user.
///
/// Each name carries the process id of its owner, the connection's login shell on the host,
/// which lives exactly as long as the connection (`Connection.temporaryOwner()`). A later program
/// that finds such a name (`pb_clean_stale`, lib+files.sh) keeps it while the owner runs and
/// removes it once the owner has gone and no process has it open. So a run cut short (its
/// connection killed, the controller interrupted) leaves nothing behind that the next run does
/// not remove, however soon that run comes. An age rule alone cannot do this: a leftover a second
/// old looks the same as an upload that is waiting between two steps of a live run. Names
/// without an owner (from a connection that cannot tell its shell's process id) fall back to
/// the age rule.
public enum TemporaryName {
    /// `<directory>/.pb-upload-<owner>-<nonce>`, or `.pb-upload-<nonce>` without an owner.
    public static func upload(in directory: String, owner: Int32?) -> String {
        let trimmed = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        return "\(trimmed == "/" ? "" : trimmed)/.pb-upload-\(owner.map { "\($0)-" } ?? "")\(ShellFrame.makeNonce())"
    }

    /// The last component of a `mktemp -d` template for a private directory of `kind`
    /// (`pb-upload`, `pb-deb`): `<kind>-<owner>.XXXXXXXXXX`, or `<kind>.XXXXXXXXXX` without an
    /// owner. Only letters, digits, `-` and `.`: it needs no quoting.
    public static func directoryTemplate(_ kind: String, owner: Int32?) -> String {
        "\(kind)\(owner.map { "-\($0)" } ?? "").XXXXXXXXXX"
    }
}
