import Foundation
import Modules
import TestSupport
import Transport
import Values

/// A lab host as module tests use it: modules run through a real connection (SSH, or
/// `scripts/lab exec` when PLAYBOOK_LAB_TRANSPORT=exec), and the host is inspected out of band
/// with `scripts/lab exec`, so what a test checks does not depend on the code under test.
struct LabHost {
    let lab: Lab
    let name: String
    let connection: Connection

    /// Privilege escalation for every module run (a login user other than root).
    let become: Become?

    init(_ name: String, user: String = "root") throws {
        lab = try Lab.require(hosts: 3)
        self.name = name
        if user == "root" {
            become = nil
        } else {
            become = Become(method: .sudo, user: "root", password: Secret(try lab.deploypPassword()))
        }
        if ProcessInfo.processInfo.environment["PLAYBOOK_LAB_TRANSPORT"] == "exec" {
            connection = LabExecConnection(lab: lab, host: name)
        } else {
            connection = try SSHConnection.connect(lab.target(name, user: user))
        }
    }

    func run(
        _ module: String, _ arguments: ValueDict, check: Bool = false, diff: Bool = false,
        predicted: Set<String> = [], search: [String] = [], secrets: [String] = []
    ) throws -> ModuleResult {
        guard let found = ModuleRegistry.module(named: module) else { throw LabTestError("no module \(module)") }
        let normalized = try found.spec.normalize(arguments, at: .synthetic("lab test"))
        let context = ModuleContext(
            checkMode: check, diff: diff, become: become, searchDirectories: search, predictedPackages: predicted,
            secrets: secrets, timeoutSeconds: 300)
        return try found.run(normalized, context: context, on: connection)
    }

    /// A shell command as root on the host, outside the module machinery.
    @discardableResult
    func sh(_ command: String) throws -> String {
        let result = try lab.exec(name, ["sh", "-c", command])
        guard result.status == 0 else { throw LabTestError("`\(command)` on \(name) failed: \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The installed version of a package, or nil.
    func installedVersion(_ package: String) throws -> String? {
        let text = try sh("dpkg-query -W -f='${db:Status-Abbrev}|${Version}' \(ShellQuote.quote(package)) 2>/dev/null || true")
        guard text.hasPrefix("ii") else { return nil }
        return String(text.split(separator: "|").last ?? "")
    }
}

struct LabTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
