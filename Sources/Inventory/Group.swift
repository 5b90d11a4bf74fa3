import Diagnostics
import Values

/// A named set of hosts and child groups, with the variables written for it in the inventory.
public struct Group: Sendable {
    public let name: String
    /// Variables written in the inventory sources for this group (`[name:vars]`, `vars:`).
    /// `group_vars/` files are kept apart because Ansible ranks them differently; use
    /// `Inventory.variables(for:)` for what a host finally sees.
    public var vars: ValueDict
    /// Direct child groups, in definition order.
    public var children: [String]
    /// Hosts written directly in this group, in definition order.
    public var hosts: [String]
    /// Where the group was first defined; `nil` for the built-in `all` and `ungrouped`.
    public var mark: Mark?
    /// `ansible_group_priority` (default 1): among groups of the same depth, a higher priority
    /// merges later and wins. As in Ansible it is not kept as a variable.
    public var priority: Int

    public init(
        name: String, vars: ValueDict = ValueDict(), children: [String] = [], hosts: [String] = [],
        mark: Mark? = nil, priority: Int = 1
    ) {
        self.name = name
        self.vars = vars
        self.children = children
        self.hosts = hosts
        self.mark = mark
        self.priority = priority
    }

    public static let all = "all"
    public static let ungrouped = "ungrouped"

    /// The priority a value denotes: an int, or text Python's `int()` accepts.
    static func priority(from value: Value?) -> Int? {
        switch value {
        case .int(let number): return number
        case .string(let text): return Int(text.trimmingBlanks())
        case .bool(let flag): return flag ? 1 : 0
        default: return nil
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    func trimmingBlanks() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
