import ArgumentParser
import Executor
import Transport

/// Which hosts and tasks run, with which variables.
struct SelectionOptions: ParsableArguments {
    @Option(name: [.short, .customLong("inventory")], help: "Inventory file, directory or comma-separated host list (repeatable).")
    var inventory: [String] = []

    @Option(name: [.short, .customLong("extra-vars")], help: "Extra variables: key=value, JSON/YAML, or @file (repeatable; highest precedence).")
    var extraVars: [String] = []

    @Option(name: [.short, .customLong("limit")], help: "Further limit the selected hosts to a pattern (or @file).")
    var limit: String?

    @Option(name: [.short, .customLong("tags")], help: "Only run tasks tagged with these (comma-separated, repeatable).")
    var tags: [String] = []

    @Option(name: .customLong("skip-tags"), help: "Skip tasks tagged with these (comma-separated, repeatable).")
    var skipTags: [String] = []

    @Option(name: [.short, .customLong("forks")], help: "How many hosts run at once.")
    var forks: Int = RunOptions().forks

    @Option(name: .customLong("start-at-task"), help: "Start the playbook at the task with this name.")
    var startAtTask: String?

    @Flag(name: .customLong("list-hosts"), help: "List the hosts each play would run on, then exit.")
    var listHosts = false

    @Flag(name: .customLong("list-tasks"), help: "List the tasks each play would run, with their tags, then exit.")
    var listTasks = false

    @Flag(name: .customLong("list-tags"), help: "List every tag in the playbook, then exit.")
    var listTags = false

    @Flag(name: .customLong("syntax-check"), help: "Validate the playbook and inventory without touching any host.")
    var syntaxCheck = false

    @Flag(name: [.customShort("C"), .customLong("check")], help: "Change nothing; report what would change.")
    var check = false

    @Flag(name: [.customShort("D"), .customLong("diff")], help: "Show the changes made (or, with --check, that would be made) to files.")
    var diff = false

    @Flag(name: .customLong("force-handlers"), help: "Run notified handlers even on hosts that failed.")
    var forceHandlers = false

    func apply(to options: inout RunOptions) {
        options.inventories = inventory
        options.extraVars = extraVars
        options.limit = limit
        options.tags = tags.flatMap(Self.splitList)
        options.skipTags = skipTags.flatMap(Self.splitList)
        options.forks = forks
        options.startAtTask = startAtTask
        options.syntaxCheck = syntaxCheck
        options.listings = Set([listHosts ? .hosts : nil, listTasks ? .tasks : nil, listTags ? .tags : nil].compactMap { $0 })
        options.check = check
        options.diff = diff
        options.forceHandlers = forceHandlers
    }

    static func splitList(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }
}

/// How hosts are reached.
struct ConnectionOptions: ParsableArguments {
    @Option(name: [.short, .customLong("user")], help: "Connect as this user (overrides ssh_config, not inventory).")
    var user: String?

    @Option(name: [.customLong("private-key"), .customLong("key-file")], help: "Private key file for authentication.")
    var privateKey: String?

    @Flag(name: [.customShort("k"), .customLong("ask-pass")], help: "Ask for the SSH password.")
    var askPass = false

    @Option(name: [.short, .customLong("connection")], help: "Connection type: ssh or local.")
    var connection: String?

    @Option(name: [.customShort("T"), .customLong("timeout")], help: "SSH connect timeout in seconds.")
    var timeout: Double = RunOptions().connectTimeout

    @Option(name: .customLong("task-timeout"), help: "Kill a task on the host after this many seconds (0 = never).")
    var taskTimeout: Double = 0

    @Option(name: .customLong("host-key-checking"), help: "strict (default), accept-new, or off.")
    var hostKeyChecking: String?

    @Option(name: .customLong("ssh-config"), help: "OpenSSH client config to honour (default ~/.ssh/config).")
    var sshConfig: String?

    func apply(to options: inout RunOptions) throws {
        options.remoteUser = user
        options.privateKey = privateKey
        options.connection = connection
        options.connectTimeout = timeout
        options.taskTimeout = taskTimeout
        options.sshConfigFile = sshConfig
        if let text = hostKeyChecking {
            guard let policy = HostKeyPolicy(rawValue: text) else {
                throw ValidationError("--host-key-checking takes strict, accept-new or off, not '\(text)'")
            }
            options.hostKeyChecking = policy
        }
        if askPass {
            options.connectionPassword = try PasswordPrompt.ask("SSH password: ")
        }
    }
}

/// Privilege escalation on the hosts.
struct PrivilegeOptions: ParsableArguments {
    @Flag(name: [.short, .customLong("become")], help: "Run tasks with privilege escalation (sudo).")
    var become = false

    @Option(name: .customLong("become-user"), help: "Become this user (default root).")
    var becomeUser: String?

    @Option(name: .customLong("become-method"), help: "sudo (default) or su.")
    var becomeMethod: String?

    @Flag(name: [.customShort("K"), .customLong("ask-become-pass")], help: "Ask for the privilege escalation password.")
    var askBecomePass = false

    func apply(to options: inout RunOptions) throws {
        options.become = become
        options.becomeUser = becomeUser
        options.becomeMethod = becomeMethod
        if askBecomePass {
            options.becomePassword = try PasswordPrompt.ask("BECOME password: ")
        }
    }
}

/// What the run prints and writes.
struct OutputOptions: ParsableArguments {
    @Flag(name: .short, help: "More output: -v results, -vvv connections, -vvvv programs.")
    var verbose: Int

    @Option(name: .customLong("output"), help: "Console style: default, compact, or json.")
    var style: RunOptions.OutputStyle = .default

    @Option(name: .customLong("report-json"), help: "Write a JSON report (ansible.posix.json shape) to this file.")
    var reportJSON: String?

    @Option(name: .customLong("report-junit"), help: "Write a JUnit XML report to this file.")
    var reportJUnit: String?

    @Flag(name: .customLong("verify-idempotence"), help: "Run twice; fail (exit 16) if the second run changes anything.")
    var verifyIdempotence = false

    @Flag(name: .customLong("timing"), help: "Print the slowest tasks and connection times at the end.")
    var timing = false

    func apply(to options: inout RunOptions) {
        options.verbosity = verbose
        options.outputStyle = style
        options.reportJSON = reportJSON
        options.reportJUnit = reportJUnit
        options.verifyIdempotence = verifyIdempotence
        options.timing = timing
    }
}

extension RunOptions.OutputStyle: ExpressibleByArgument {}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
