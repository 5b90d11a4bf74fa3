/// Settings that belong to the whole run rather than to one host.
public struct SSHOptions: Sendable {
    /// Asked for the passphrase of an encrypted private key, with the key's path; nil skips the key.
    /// Called at most once per key file and connection.
    public var passphrase: (@Sendable (String) -> Secret?)?
    /// Debug output: level 1 connecting/connected, 3 algorithms, authentication and host-key
    /// checks, 4 every program run. Secrets never reach it.
    public var log: (@Sendable (Int, String) -> Void)?
    /// The ssh-agent socket; nil means `SSH_AUTH_SOCK` from the environment.
    public var agentSocket: String?
    /// Seconds added to a program's timeout before the controller gives up on the host, for a
    /// host that stops answering while `timeout` on it should have ended the program.
    public var timeoutGrace: Double

    public init(
        passphrase: (@Sendable (String) -> Secret?)? = nil,
        log: (@Sendable (Int, String) -> Void)? = nil,
        agentSocket: String? = nil,
        timeoutGrace: Double = 15
    ) {
        self.passphrase = passphrase
        self.log = log
        self.agentSocket = agentSocket
        self.timeoutGrace = timeoutGrace
    }

    func emit(_ level: Int, _ host: String, _ message: @autoclosure () -> String) {
        guard let log else { return }
        log(level, "<\(host)> \(message())")
    }
}
