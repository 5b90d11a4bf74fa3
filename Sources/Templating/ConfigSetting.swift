import Values

/// The ansible-core settings `lookup('config', …)` answers for: their built-in defaults and
/// the environment variable that overrides each, read as ansible-core reads it.
enum ConfigSetting {
    private enum Kind {
        case text, integer, boolean, pathList, none
    }

    private struct Entry {
        var kind: Kind
        var environment: String
        var fallback: Value
    }

    private static let entries: [String: Entry] = [
        "DEFAULT_ROLES_PATH": Entry(
            kind: .pathList, environment: "ANSIBLE_ROLES_PATH",
            fallback: .list(["~/.ansible/roles", "/usr/share/ansible/roles", "/etc/ansible/roles"].map(Value.string))),
        "DEFAULT_HOST_LIST": Entry(kind: .pathList, environment: "ANSIBLE_INVENTORY", fallback: .list(["/etc/ansible/hosts"])),
        "DEFAULT_BECOME_METHOD": Entry(kind: .text, environment: "ANSIBLE_BECOME_METHOD", fallback: "sudo"),
        "DEFAULT_BECOME_USER": Entry(kind: .text, environment: "ANSIBLE_BECOME_USER", fallback: "root"),
        "DEFAULT_BECOME": Entry(kind: .boolean, environment: "ANSIBLE_BECOME", fallback: false),
        "DEFAULT_REMOTE_USER": Entry(kind: .none, environment: "ANSIBLE_REMOTE_USER", fallback: .null),
        "DEFAULT_PRIVATE_KEY_FILE": Entry(kind: .none, environment: "ANSIBLE_PRIVATE_KEY_FILE", fallback: .null),
        "DEFAULT_TIMEOUT": Entry(kind: .integer, environment: "ANSIBLE_TIMEOUT", fallback: 10),
        "DEFAULT_FORKS": Entry(kind: .integer, environment: "ANSIBLE_FORKS", fallback: 5),
        "DEFAULT_POLL_INTERVAL": Entry(kind: .integer, environment: "ANSIBLE_POLL_INTERVAL", fallback: 15),
        "DEFAULT_HASH_BEHAVIOUR": Entry(kind: .text, environment: "ANSIBLE_HASH_BEHAVIOUR", fallback: "replace"),
        "DEFAULT_GATHERING": Entry(kind: .text, environment: "ANSIBLE_GATHERING", fallback: "implicit"),
        "DEFAULT_MODULE_NAME": Entry(kind: .text, environment: "ANSIBLE_MODULE_NAME", fallback: "command"),
        "DEFAULT_TRANSPORT": Entry(kind: .text, environment: "ANSIBLE_TRANSPORT", fallback: "ssh"),
        "DEFAULT_STDOUT_CALLBACK": Entry(kind: .text, environment: "ANSIBLE_STDOUT_CALLBACK", fallback: "default"),
        "DEFAULT_MANAGED_STR": Entry(kind: .text, environment: "ANSIBLE_MANAGED_STR", fallback: "Ansible managed"),
        "DEFAULT_KEEP_REMOTE_FILES": Entry(kind: .boolean, environment: "ANSIBLE_KEEP_REMOTE_FILES", fallback: false),
        "DEFAULT_JINJA2_NATIVE": Entry(kind: .boolean, environment: "ANSIBLE_JINJA2_NATIVE", fallback: false),
        "DEFAULT_ASK_PASS": Entry(kind: .boolean, environment: "ANSIBLE_ASK_PASS", fallback: false),
        "DEFAULT_NO_LOG": Entry(kind: .boolean, environment: "ANSIBLE_NO_LOG", fallback: false),
        "HOST_KEY_CHECKING": Entry(kind: .boolean, environment: "ANSIBLE_HOST_KEY_CHECKING", fallback: true),
        "ANSIBLE_PIPELINING": Entry(kind: .boolean, environment: "ANSIBLE_PIPELINING", fallback: false),
        "ANSIBLE_FORCE_COLOR": Entry(kind: .boolean, environment: "ANSIBLE_FORCE_COLOR", fallback: false),
        "RETRY_FILES_ENABLED": Entry(kind: .boolean, environment: "ANSIBLE_RETRY_FILES_ENABLED", fallback: false),
        "DISPLAY_SKIPPED_HOSTS": Entry(kind: .boolean, environment: "ANSIBLE_DISPLAY_SKIPPED_HOSTS", fallback: true),
        "DISPLAY_OK_HOSTS": Entry(kind: .boolean, environment: "ANSIBLE_DISPLAY_OK_HOSTS", fallback: true),
    ]

    static var names: [String] { Array(entries.keys) }

    /// The setting's value, or nil for a name that is not one of them.
    static func value(of name: String) -> Value? {
        guard let entry = entries[name] else { return nil }
        guard let text = ControllerFiles.environment(entry.environment) else {
            return entry.kind == .pathList ? expanded(entry.fallback) : entry.fallback
        }
        switch entry.kind {
        case .text, .none: return .string(text)
        case .integer: return Int(text).map(Value.int) ?? .string(text)
        case .boolean:
            return .bool(["yes", "on", "1", "true", "y", "t"].contains(text.lowercased()))
        case .pathList:
            return expanded(.list(text.split(separator: ":").map { .string(String($0)) }))
        }
    }

    /// `~` at the start of a path is the controller user's home, as ansible-core expands it.
    private static func expanded(_ paths: Value) -> Value {
        let home = ControllerFiles.environment("HOME") ?? "~"
        return .list((paths.listValue ?? []).map { path in
            let text = path.pythonString
            return .string(text == "~" || text.hasPrefix("~/") ? home + text.dropFirst() : text)
        })
    }
}
