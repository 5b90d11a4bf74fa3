import FoundationEssentials

/// Every module `playbook` knows, by the names a playbook may use for it.
public enum ModuleRegistry {
    public static let all: [any Module] = [
        AptModule(),
        PackageModule(),
        CopyModule(),
        SystemdModule(spec: .systemd),
        SystemdModule(spec: .service),
        CommandModule(spec: .command, usesShell: false),
        CommandModule(spec: .shell, usesShell: true),
        QuietProgramModule(spec: .file, programName: "file"),
        QuietProgramModule(spec: .stat, programName: "stat"),
        QuietProgramModule(spec: .ping, programName: "ping"),
        QuietProgramModule(spec: .user, programName: "user"),
        QuietProgramModule(spec: .group, programName: "group"),
        QuietProgramModule(spec: .waitFor, programName: "wait_for"),
        SetupModule(),
        TemplateModule(),
        TextFileModule(spec: .lineinfile, programName: "lineinfile"),
        TextFileModule(spec: .blockinfile, programName: "blockinfile"),
        ReplaceModule(),
        UnarchiveModule(),
        ProgramModule(spec: .find, programName: "find"),
        QuietProgramModule(spec: .slurp, programName: "slurp"),
        QuietProgramModule(spec: .tempfile, programName: "tempfile"),
        FetchModule(),
        AssembleModule(),
        RawModule(),
        ScriptModule(),
        QuietProgramModule(spec: .asyncStatus, programName: "async_status"),
        QuietProgramModule(spec: .getent, programName: "getent"),
        QuietProgramModule(spec: .cron, programName: "cron"),
        QuietProgramModule(spec: .hostname, programName: "hostname"),
        QuietProgramModule(spec: .serviceFacts, programName: "service_facts"),
        QuietProgramModule(spec: .packageFacts, programName: "package_facts"),
        QuietProgramModule(spec: .dpkgSelections, programName: "dpkg_selections"),
        DebconfModule(),
        QuietProgramModule(spec: .knownHosts, programName: "known_hosts"),
        QuietProgramModule(spec: .aptRepository, programName: "apt_repository"),
        QuietProgramModule(spec: .authorizedKey, programName: "authorized_key"),
        QuietProgramModule(spec: .sysctl, programName: "sysctl"),
        ControllerModule(spec: .debug),
        ControllerModule(spec: .setFact),
        ControllerModule(spec: .assert),
        ControllerModule(spec: .fail),
        ControllerModule(spec: .meta),
        ControllerModule(spec: .includeVars),
        ControllerModule(spec: .addHost),
        ControllerModule(spec: .groupBy),
        ControllerModule(spec: .pause),
        ControllerModule(spec: .setStats),
        ControllerModule(spec: .waitForConnection),
    ]

    private static let byName: [String: any Module] = {
        var table: [String: any Module] = [:]
        for module in all {
            for name in [module.spec.name] + module.spec.aliases where table[name] == nil {
                table[name] = module
            }
        }
        return table
    }()

    /// The collections whose modules are ours under their short names.
    static let collectionPrefixes = ["ansible.builtin.", "ansible.legacy."]

    /// The short name (`apt`), an alias (`systemd_service`) or a fully qualified name
    /// (`ansible.builtin.apt`, `ansible.legacy.apt`).
    public static func module(named name: String) -> (any Module)? {
        byName[shortName(name)]
    }

    /// `ansible.builtin.apt` → `apt`; other names unchanged.
    public static func shortName(_ name: String) -> String {
        for prefix in collectionPrefixes where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }

    /// Every name a module may be called by, for "did you mean" on unknown modules.
    public static var allNames: [String] {
        byName.keys.sorted()
    }

    /// User modules: each `modules/NAME.sh` in `directory` (the playbook's directory) is a module
    /// called NAME that follows the same protocol as the built-in programs (it may use the
    /// helpers of lib.sh and must end with `pb_main` or `pb_exit`). Having no spec, it accepts any
    /// arguments whose names are shell-variable safe. Given the `modules` folder itself (a path
    /// ending in `/modules` with no `modules/` inside), its programs are read.
    public static func userModules(in directory: String) -> [String: any Module] {
        var folder = URL(fileURLWithPath: directory).appendingPathComponent("modules")
        var isDirectory = false
        if !FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) || !isDirectory,
            URL(fileURLWithPath: directory).lastPathComponent == "modules"
        {
            folder = URL(fileURLWithPath: directory)
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [:] }
        var modules: [String: any Module] = [:]
        for file in names.sorted() where file.hasSuffix(".sh") {
            let name = String(file.dropLast(3))
            let path = folder.appendingPathComponent(file).path
            guard !name.isEmpty, let data = FileManager.default.contents(atPath: path) else { continue }
            modules[name] = UserModule(name: name, path: path, body: String(decoding: data, as: UTF8.self))
        }
        return modules
    }
}
