import Diagnostics
import Values

/// How to reach one host, read from its (already templated) variables with Ansible's names and
/// aliases. Where Ansible lists several names for one setting, the later alias wins, as in
/// Ansible's option resolution (`ansible_ssh_host` over `ansible_host`).
public struct ConnectionSettings: Sendable, Hashable {
    public enum Connection: String, Sendable, Hashable {
        case ssh, local
    }

    /// The address to connect to: `ansible_host`, else the inventory name.
    public var host: String
    public var port: Int
    /// `nil`: the caller's default (`-u`, the play's `remote_user`, the local user).
    public var user: String?
    public var password: String?
    public var privateKeyFile: String?
    public var connection: Connection
    /// `nil` when the variables do not say, so play and task keywords decide.
    public var become: Bool?
    public var becomeUser: String?
    public var becomeMethod: String?
    public var becomePassword: String?
    /// Connection timeout in seconds, when set.
    public var timeout: Int?

    public static let defaultPort = 22

    static let hostNames = ["ansible_host", "ansible_ssh_host"]
    static let portNames = ["ansible_port", "ansible_ssh_port"]
    static let userNames = ["ansible_user", "ansible_ssh_user"]
    static let passwordNames = ["ansible_password", "ansible_ssh_pass", "ansible_ssh_password"]
    static let keyNames = ["ansible_private_key_file", "ansible_ssh_private_key_file"]
    static let becomePasswordNames = ["ansible_become_password", "ansible_become_pass"]
    static let timeoutNames = ["ansible_timeout", "ansible_ssh_timeout"]
    static let supportedBecomeMethods = ["sudo", "su"]

    /// Reads and validates the connection variables. `inventoryHostname` (or the
    /// `inventory_hostname` variable) is the address when `ansible_host` is not set.
    public init(vars: ValueDict, inventoryHostname: String? = nil, mark: Mark? = nil) throws(Diagnostic) {
        do {
            try self.init(reading: vars, inventoryHostname: inventoryHostname)
        } catch {
            throw error.diagnostic(at: mark)
        }
    }

    private init(reading vars: ValueDict, inventoryHostname: String?) throws(InventoryError) {
        let reader = Reader(vars: vars)
        switch try reader.string(["ansible_connection"])?.lowercased() {
        case nil, "ssh", "smart", "paramiko", "paramiko_ssh": connection = .ssh
        case "local": connection = .local
        case .some(let other): throw .unsupportedConnection(other)
        }
        let name = inventoryHostname ?? vars["inventory_hostname"]?.stringValue
        guard let address = try reader.string(Self.hostNames) ?? name ?? (connection == .local ? "localhost" : nil)
        else {
            throw .wrongConnectionType(variable: "ansible_host", expected: "a host name or address", found: "nothing")
        }
        host = try Self.safe(address, variable: "ansible_host")
        port = try reader.port(Self.portNames) ?? Self.defaultPort
        user = try reader.string(Self.userNames).map { text throws(InventoryError) in
            try Self.safe(text, variable: "ansible_user")
        }
        password = try reader.string(Self.passwordNames)
        privateKeyFile = try reader.string(Self.keyNames)
        become = try reader.bool("ansible_become")
        becomeUser = try reader.string(["ansible_become_user"]).map { text throws(InventoryError) in
            try Self.safe(text, variable: "ansible_become_user")
        }
        becomeMethod = try reader.string(["ansible_become_method"])
        if let method = becomeMethod, !Self.supportedBecomeMethods.contains(method) {
            throw .unsupportedBecomeMethod(method)
        }
        becomePassword = try reader.string(Self.becomePasswordNames)
        timeout = try reader.positiveInt(Self.timeoutNames)
    }

    private static func safe(_ text: String, variable: String) throws(InventoryError) -> String {
        if text.isEmpty {
            throw .wrongConnectionType(variable: variable, expected: "a non-empty name", found: "an empty string")
        }
        if let unsafe = ShellSafety.firstUnsafeCharacter(in: text) {
            throw .unsafeConnectionValue(variable: variable, value: text, character: unsafe.description)
        }
        return text
    }
}

extension ConnectionSettings: CustomStringConvertible {
    /// Passwords print as `********`, so settings can be logged without leaking them.
    public var description: String {
        var parts = ["\(connection.rawValue)://\(user.map { "\($0)@" } ?? "")\(host):\(port)"]
        if let privateKeyFile { parts.append("key=\(privateKeyFile)") }
        if password != nil { parts.append("password=********") }
        if let become { parts.append("become=\(become)") }
        if let becomeUser { parts.append("become_user=\(becomeUser)") }
        if let becomeMethod { parts.append("become_method=\(becomeMethod)") }
        if becomePassword != nil { parts.append("become_password=********") }
        if let timeout { parts.append("timeout=\(timeout)") }
        return parts.joined(separator: " ")
    }
}
