import Modules

/// What a name in a task's action position refers to.
enum Action: Equatable {
    /// A module run on hosts (or on the controller): built-in or from a user `modules/` folder.
    case module(name: String)
    /// The loader's own statements.
    case importTasks, includeTasks, importRole, includeRole, importPlaybook
    /// `include:`, removed from Ansible in 2.16.
    case legacyInclude

    var moduleName: String? {
        if case .module(let name) = self { return name }
        return nil
    }

    var name: String {
        switch self {
        case .module(let name): return name
        case .importTasks: return "import_tasks"
        case .includeTasks: return "include_tasks"
        case .importRole: return "import_role"
        case .includeRole: return "include_role"
        case .importPlaybook: return "import_playbook"
        case .legacyInclude: return "include"
        }
    }
}

/// The modules a playbook may use: the built-in ones and those in `modules/` beside it.
struct ModuleCatalog {
    private var userModules: [String: ModuleSpec] = [:]

    static let statements: [String: Action] = [
        "import_tasks": .importTasks, "include_tasks": .includeTasks, "import_role": .importRole,
        "include_role": .includeRole, "import_playbook": .importPlaybook, "include": .legacyInclude,
    ]

    /// Names that run another module's code here but are actions of their own in Ansible.
    static let separateActions: Set<String> = ["gather_facts"]

    /// `directories`: folders whose `modules/` subfolder holds user modules; earlier ones win.
    init(directories: [String]) {
        for directory in directories.reversed() where FilePaths.isDirectory(FilePaths.join(directory, "modules")) {
            for (name, module) in ModuleRegistry.userModules(in: directory) {
                userModules[name] = module.spec
            }
        }
    }

    /// The action a key names, in any of its spellings (`apt`, `ansible.builtin.apt`,
    /// `ansible.legacy.apt`, an alias), or nil when it names nothing known.
    func action(named name: String) -> Action? {
        if let statement = Self.statements[Keywords.shortName(name)] { return statement }
        if userModules[name] != nil { return .module(name: name) }
        // Ansible's own action under that name: it keeps its name in `TASK [...]`.
        if Self.separateActions.contains(Keywords.shortName(name)) { return .module(name: Keywords.shortName(name)) }
        if let module = ModuleRegistry.module(named: name) { return .module(name: module.spec.name) }
        if let module = ModuleRegistry.module(named: Keywords.shortName(name)) {
            return .module(name: module.spec.name)
        }
        return nil
    }

    func spec(of module: String) -> ModuleSpec? {
        userModules[module] ?? ModuleRegistry.module(named: module)?.spec
    }

    /// Every name a module can be called by, for "did you mean" among modules.
    var knownNames: [String] {
        var names = Array(Self.statements.keys.filter { $0 != "include" })
        names += ModuleRegistry.allNames
        names += userModules.keys
        // Sorted, so a tie between two suggestions is always settled the same way.
        return names.sorted()
    }
}
