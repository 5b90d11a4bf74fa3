import Diagnostics
import Inventory
import Transport
import Values

/// Opens the connection for a host from its (rendered) connection variables, the command line
/// and `~/.ssh/config`, with Ansible's precedence: inventory variables over flags over ssh config.
struct ConnectionFactory: Sendable {
    let options: RunOptions
    let sshConfig: SSHConfig
    let sshOptions: SSHOptions

    init(options: RunOptions, reporter: any ReporterLog) {
        self.options = options
        let path = options.sshConfigFile ?? PathExpansion.expandTilde("~/.ssh/config")
        self.sshConfig = (try? SSHConfig.load(path: path)) ?? SSHConfig()
        let log = reporter
        let verbosity = options.verbosity
        self.sshOptions = SSHOptions(
            passphrase: nil,
            log: verbosity >= 3 ? { @Sendable level, message in
                if level <= verbosity { log.verbose(level: level, message: message) }
            } : nil)
    }

    /// The policy for unknown and changed host keys: flag, then `ANSIBLE_HOST_KEY_CHECKING`.
    var hostKeyPolicy: HostKeyPolicy? {
        if let policy = options.hostKeyChecking { return policy }
        if let env = Environment.get("ANSIBLE_HOST_KEY_CHECKING") {
            return ["false", "no", "0", "off"].contains(env.lowercased()) ? .off : .strict
        }
        return nil
    }

    func connect(host: String, settings full: HostConnectionSettings) throws(TransportError) -> any Connection {
        let settings = full.inventory
        let kind = options.connection.flatMap(ConnectionSettings.Connection.init(rawValue:))
        if settings.connection == .local || (kind == .local && settings.connection != .ssh) {
            return LocalConnection(hostName: host)
        }
        var target = sshConfig.makeTarget(
            name: host,
            address: settings.host,
            user: settings.user ?? options.remoteUser,
            port: settings.port == ConnectionSettings.defaultPort ? nil : settings.port,
            identityFiles: (settings.privateKeyFile ?? options.privateKey).map { [PathExpansion.expandTilde($0)] } ?? [])
        if settings.port != ConnectionSettings.defaultPort { target.port = settings.port }
        target.connectTimeout = Double(settings.timeout ?? Int(options.connectTimeout))
        full.sshOptions.apply(to: &target)
        // `-p`/`-l` (or -o Port/User) in ansible_ssh_common_args count where nothing else says.
        if settings.port == ConnectionSettings.defaultPort, let port = full.sshOptions.port { target.port = port }
        if settings.user == nil, options.remoteUser == nil, let user = full.sshOptions.user { target.user = user }
        if let policy = hostKeyPolicy { target.hostKeyPolicy = policy }
        if let password = settings.password { target.password = Secret(password) }
        else if let password = options.connectionPassword { target.password = password }
        return try SSHConnection.connect(target, options: sshOptions)
    }
}

/// Where connection debug lines go (`-vvv`).
protocol ReporterLog: Sendable {
    func verbose(level: Int, message: String)
}

enum Environment {
    static func get(_ name: String) -> String? {
        guard let raw = getenv(name) else { return nil }
        return String(cString: raw)
    }
}

#if canImport(Glibc)
    import Glibc
#endif
