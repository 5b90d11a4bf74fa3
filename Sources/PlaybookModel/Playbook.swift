import Diagnostics
import Values

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A loaded playbook: its plays with every static import expanded and every role loaded.
public struct Playbook: Sendable, Hashable {
    /// The playbook file as given.
    public var path: String
    /// Its directory: relative `vars_files`, `files/`, `templates/` and `roles/` start here.
    public var directory: String
    public var plays: [Play]
    /// Problems that do not stop the run (an ignored keyword, `{{ }}` in a `when:`).
    public var warnings: [Diagnostic]
    /// The options the playbook was loaded with, completed with the playbook's own
    /// directories: pass them to run-time loads (`include_tasks`, `include_role`).
    public var options: LoadOptions

    public init(path: String, directory: String, plays: [Play], warnings: [Diagnostic], options: LoadOptions) {
        self.path = path
        self.directory = directory
        self.plays = plays
        self.warnings = warnings
        self.options = options
    }
}

/// How playbooks, roles and user modules are found.
public struct LoadOptions: Sendable, Hashable {
    /// Extra directories holding roles, searched after `roles/` beside the playbook
    /// (`ANSIBLE_ROLES_PATH`, `roles_path`).
    public var rolesPaths: [String]
    /// Directories whose `modules/*.sh` files are user modules; `load` puts the playbook's
    /// own directory first.
    public var userModuleDirectories: [String]
    /// How deep imports and role dependencies may nest before the load stops with an error.
    public var maxNesting: Int

    public init(rolesPaths: [String] = [], userModuleDirectories: [String] = [], maxNesting: Int = 64) {
        self.rolesPaths = rolesPaths
        self.userModuleDirectories = userModuleDirectories
        self.maxNesting = maxNesting
    }

    /// The options the environment asks for: `ANSIBLE_ROLES_PATH` (colon-separated), as Ansible reads it.
    public static func fromEnvironment() -> LoadOptions {
        var options = LoadOptions()
        if let raw = getenv("ANSIBLE_ROLES_PATH") {
            options.rolesPaths = String(cString: raw).split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        return options
    }
}
