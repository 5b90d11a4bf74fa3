import Values

/// The variables found in one directory's `group_vars/` and `host_vars/`, keyed by group or
/// host name, each already merged across the files of its directory form.
struct VarsLayer: Sendable {
    var directory: String
    var groupVars: [String: ValueDict] = [:]
    var hostVars: [String: ValueDict] = [:]

    init(directory: String, groupVars: [String: ValueDict] = [:], hostVars: [String: ValueDict] = [:]) {
        self.directory = directory
        self.groupVars = groupVars
        self.hostVars = hostVars
    }
}
