import Diagnostics
import Modules
import Testing
import YAML

/// Bad arguments of the three modules are refused when the playbook is loaded, each at the
/// line and column it was written, before any host is contacted.
extension SystemConfigLabTests {
    static let badTasks = """
        - apt_repository:
            repo: "deb http://deb.example.org/debian bookworm main"
            state: presnt
            update_cache: maybe
        - ansible.builtin.apt_repository:
            filname: example
        - apt_repository:
            repo: "deb http://deb.example.org/debian bookworm main"
            mode: 0644
        - ansible.posix.authorized_key:
            user: deploy
            exclusive: sometimes
        - sysctl:
            name: vm.swappiness
            state: present
        - ansible.posix.sysctl:
            key: vm.swappiness
            value: "1"
            relaod: true
        """

    /// Every task's diagnostics as `file:line:col: error: message`, and their hints.
    func diagnostics(of text: String) throws -> [(String, String?)] {
        let root = try #require(try YAMLLoader.load(text, file: "site.yml"))
        var found: [(String, String?)] = []
        for task in root.sequence ?? [] {
            let pair = try #require(task.mapping?.first)
            let module = try #require(ModuleRegistry.module(named: pair.key.text ?? ""), "no module \(pair.key.text ?? "")")
            let arguments = (pair.value.mapping ?? []).map { ArgumentNode(name: $0.key.text ?? "", nameMark: $0.key.mark, value: $0.value) }
            found += module.spec.validate(arguments, moduleMark: pair.key.mark).map { ($0.description, $0.hint) }
        }
        return found
    }

    @Test func badArgumentsAreRefusedWhereTheyAreWritten() throws {
        let found = try diagnostics(of: Self.badTasks)
        let messages = found.map(\.0)
        #expect(messages.contains { $0.hasPrefix("site.yml:3:12: error: ") }, "state: presnt — \(messages)")
        #expect(found.contains { $0.0.hasPrefix("site.yml:3:12:") && $0.1 == "did you mean 'present'?" })
        #expect(messages.contains { $0.hasPrefix("site.yml:4:19: error: ") }, "update_cache: maybe")
        #expect(found.contains { $0.0 == "site.yml:6:5: error: unknown argument 'filname' for module 'apt_repository'" && $0.1 == "did you mean 'filename'?" })
        #expect(messages.contains("site.yml:5:3: error: module 'apt_repository' needs argument 'repo'"))
        #expect(messages.contains { $0.hasPrefix("site.yml:9:11: error: ") }, "mode: 0644 unquoted")
        #expect(messages.contains("site.yml:10:3: error: module 'authorized_key' needs argument 'key'"))
        #expect(messages.contains { $0.hasPrefix("site.yml:12:16: error: ") }, "exclusive: sometimes")
        #expect(messages.contains { $0.hasPrefix("site.yml:15:5: error: module 'sysctl' needs argument 'value' when state is ") }, "\(messages)")
        #expect(found.contains { $0.0 == "site.yml:19:5: error: unknown argument 'relaod' for module 'sysctl'" && $0.1 == "did you mean 'reload'?" })
        #expect(found.count == 9, "\(messages)")
    }
}
