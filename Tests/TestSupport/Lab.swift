import Foundation
import Testing
import Transport

/// The lab: real Debian hosts h1..hN booted by `scripts/lab` (systemd-nspawn, sshd, sudo) on a
/// private bridge. Lab tests use it to exercise everything that touches a host.
///
/// A lab test is marked `.enabled(if: Lab.shouldRun, ...)` and starts with
/// `let lab = try Lab.require(hosts:)`: without a lab it is skipped with a visible reason, unless
/// `PLAYBOOK_REQUIRE_LAB=1` is set (CI), in which case it runs and fails, so lab tests can never
/// be skipped silently there.
public struct Lab: Sendable {
    public struct Host: Sendable, Hashable {
        public var name: String
        public var address: String
    }

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public let stateDirectory: String
    public let repositoryRoot: String
    /// Running hosts, ordered h1, h2, ….
    public let hosts: [Host]
    /// Hosts the lab was booted with, running or not: suites stop and restart hosts of their
    /// own, so how many run at one instant says nothing of whether the lab is big enough.
    public let bootedCount: Int

    public var keyFile: String { stateDirectory + "/id_ed25519" }
    public var knownHostsFile: String { stateDirectory + "/known_hosts" }
    public var labScript: String { repositoryRoot + "/scripts/lab" }

    public static var stateDirectoryPath: String {
        ProcessInfo.processInfo.environment["PLAYBOOK_LAB_STATE"] ?? "/run/playbook-lab"
    }

    public static var isRequired: Bool {
        ProcessInfo.processInfo.environment["PLAYBOOK_REQUIRE_LAB"] == "1"
    }

    /// For `.enabled(if:)`: run when a lab is up, or when it is required (and the test will fail).
    public static var shouldRun: Bool { isRequired || (try? load()) != nil }

    public static let skipComment: Comment =
        "no lab is up (start one with `scripts/lab up 50`); set PLAYBOOK_REQUIRE_LAB=1 to fail instead of skipping"

    /// The running lab, booted with at least `count` hosts, or an error saying what is missing.
    /// Whether a host a test uses runs is `host(_:)`'s to say.
    public static func require(hosts count: Int = 1) throws -> Lab {
        let lab = try load()
        guard lab.bootedCount >= count else {
            throw Unavailable(
                description: "the lab has \(lab.bootedCount) hosts, this test needs \(count) (scripts/lab up \(count))")
        }
        return lab
    }

    public static func load() throws -> Lab {
        let state = stateDirectoryPath
        let files = FileManager.default
        let root = repositoryRootPath()
        guard files.isExecutableFile(atPath: root + "/scripts/lab") else {
            throw Unavailable(description: "scripts/lab is missing in \(root)")
        }
        for required in ["id_ed25519", "known_hosts"] where !files.fileExists(atPath: state + "/" + required) {
            throw Unavailable(description: "no lab state: \(state)/\(required) is missing")
        }
        let names = (try? files.contentsOfDirectory(atPath: state + "/hosts")) ?? []
        var hosts: [Host] = []
        var booted = 0
        for name in names where name.hasPrefix("h") && Int(name.dropFirst()) != nil {
            let directory = "\(state)/hosts/\(name)"
            guard let address = try? String(contentsOfFile: directory + "/ip", encoding: .utf8) else { continue }
            booted += 1
            guard isRunning(pidFile: directory + "/pid") else { continue }
            hosts.append(Host(name: name, address: address.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        hosts.sort { Int($0.name.dropFirst())! < Int($1.name.dropFirst())! }
        guard !hosts.isEmpty else { throw Unavailable(description: "no lab host is running in \(state)/hosts") }
        return Lab(stateDirectory: state, repositoryRoot: root, hosts: hosts, bootedCount: booted)
    }

    public func host(_ name: String) throws -> Host {
        guard let host = hosts.first(where: { $0.name == name }) else {
            throw Unavailable(description: "lab host \(name) is not running")
        }
        return host
    }

    /// Hosts by number, e.g. `hosts(4...50)`, skipping none: a missing one is an error.
    public func hosts(_ numbers: ClosedRange<Int>) throws -> [Host] {
        try numbers.map { try host("h\($0)") }
    }

    /// An SSH target for a lab host, checked strictly against the lab's known_hosts.
    public func target(_ name: String, user: String = "root") throws -> SSHTarget {
        let host = try host(name)
        return SSHTarget(
            name: host.name, address: host.address, user: user, identityFiles: [keyFile], identitiesOnly: true,
            useAgent: false, connectTimeout: 10, hostKeyPolicy: .strict, knownHostsFiles: [knownHostsFile])
    }

    /// A new known_hosts file with the hosts' keys as they are now (`scripts/lab hostkeys`), for
    /// tests that must not depend on whether a fault test rekeyed a host earlier.
    public func currentKnownHostsFile(for hosts: [Host]) throws -> String {
        var lines: [String] = []
        for host in hosts {
            let result = try script(["hostkeys", host.name])
            guard result.status == 0 else { throw Unavailable(description: "hostkeys \(host.name): \(result.stderr)") }
            lines.append(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let path = NSTemporaryDirectory() + "pb-lab-known-hosts-\(UUID().uuidString)"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The sudo password of the lab user `deployp`.
    public func deploypPassword() throws -> String {
        let path = stateDirectory + "/deployp.password"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Unavailable(description: "cannot read \(path)")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public struct CommandResult: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs a command as root inside a lab host without SSH (`scripts/lab exec`).
    @discardableResult
    public func exec(_ host: String, _ command: [String]) throws -> CommandResult {
        try script(["exec", host] + command)
    }

    /// Runs `scripts/lab ARGS…` and waits for it.
    @discardableResult
    public func script(_ arguments: [String]) throws -> CommandResult {
        try Self.runProcess(labScript, arguments)
    }

    /// Runs a program with /dev/null as its input and waits for it (killed after `timeout`
    /// seconds); a child killed by a signal reports the signal as its status.
    public static func runProcess(_ executable: String, _ arguments: [String], timeout: Double = 1800) throws
        -> CommandResult
    {
        let result = try Subprocess.run(executable, arguments, timeout: timeout)
        return CommandResult(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    private static func isRunning(pidFile: String) -> Bool {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return false }
        return kill(pid, 0) == 0
    }

    /// The repository root, found from this file's location (Tests/TestSupport/Lab.swift).
    public static func repositoryRootPath(file: String = #filePath) -> String {
        var url = URL(fileURLWithPath: file)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }
}

/// A value shared between threads behind a lock.
public final class LockedBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    public func get() -> Value { lock.withLock { value } }
    public func set(_ newValue: Value) { lock.withLock { value = newValue } }
    public func update<T>(_ body: (inout Value) -> T) -> T { lock.withLock { body(&value) } }
}
