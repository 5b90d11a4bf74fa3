import Diagnostics
import Values

/// One machine of the inventory, as the user named it.
public struct Host: Sendable, Hashable {
    public let name: String
    /// The host's own variables, merged from every source in order: inline inventory variables
    /// first, then `host_vars/` files next to the inventory, then those next to the playbook.
    public var vars: ValueDict
    /// The groups the host is written in, in definition order (`ungrouped` when it is in none).
    public var groups: [String]
    /// Where the host was first defined; `nil` for the implicit localhost.
    public var mark: Mark?
    /// `true` for the localhost that exists only because a pattern named it, as in Ansible:
    /// it is never matched by `all`.
    public var isImplicit: Bool

    public init(
        name: String, vars: ValueDict = ValueDict(), groups: [String] = [], mark: Mark? = nil,
        isImplicit: Bool = false
    ) {
        self.name = name
        self.vars = vars
        self.groups = groups
        self.mark = mark
        self.isImplicit = isImplicit
    }

    /// The names Ansible treats as this machine when they are not in the inventory.
    public static let localhostNames: Set<String> = ["localhost", "127.0.0.1", "::1"]

    /// The localhost Ansible invents for a pattern like `hosts: localhost`: it runs locally.
    static func implicitLocalhost(named name: String) -> Host {
        Host(name: name, vars: ValueDict([("ansible_connection", .string("local"))]), isImplicit: true)
    }
}
