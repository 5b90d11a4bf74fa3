import Foundation
import Values

@testable import Reporting

/// A run written down as data (`Fixtures/console/*.events.json`): the events an executor would
/// send, in order. `"stats": "tally"` on `playbookFinished` counts the host results seen.
struct EventScript {
    var description: String
    var secrets: [String]
    var events: [RunEvent]

    static func load(_ name: String) throws -> EventScript {
        let document = try ReportingFixtures.json(name)
        var tally = RunStats()
        var events: [RunEvent] = []
        guard case .list(let items)? = document["events"] else {
            throw FixtureError("\(name): no events")
        }
        for (index, item) in items.enumerated() {
            guard let event = try event(item, tally: &tally) else {
                throw FixtureError("\(name): event \(index) is not understood: \(item)")
            }
            events.append(event)
        }
        let secrets = document["secrets"]?.listValue?.compactMap(\.stringValue) ?? []
        return EventScript(
            description: document["description"]?.stringValue ?? "", secrets: secrets, events: events)
    }

    private static func event(_ v: Value, tally: inout RunStats) throws -> RunEvent? {
        func string(_ key: String) -> String { v[key]?.stringValue ?? "" }
        switch string("event") {
        case "playbookStarted":
            return .playbookStarted(path: string("path"), checkMode: v["checkMode"]?.boolValue ?? false)
        case "playStarted":
            return .playStarted(
                name: string("name"), hostPattern: string("hostPattern"),
                hosts: v["hosts"]?.listValue?.compactMap(\.stringValue) ?? [])
        case "noHostsMatched":
            return .noHostsMatched(pattern: string("pattern"))
        case "taskStarted":
            return .taskStarted(
                name: string("name"), path: v["path"]?.stringValue,
                isHandler: v["isHandler"]?.boolValue ?? false)
        case "loopItemResult":
            return try .loopItemResult(result(v))
        case "hostResult":
            let r = try result(v)
            tally.record(r)
            return .hostResult(r)
        case "hostsWaiting":
            return .hostsWaiting(v["hosts"]?.listValue?.compactMap(\.stringValue) ?? [])
        case "warning":
            return .warning(string("message"))
        case "deprecation":
            return .deprecation(string("message"))
        case "verbose":
            return .verbose(
                level: v["level"]?.intValue ?? 1, host: v["host"]?.stringValue, message: string("message"))
        case "playbookFinished":
            if v["stats"]?.stringValue == "tally" { return .playbookFinished(tally) }
            var stats = RunStats()
            for (host, counters) in v["stats"]?.dictValue ?? ValueDict() {
                func count(_ key: String) -> Int { counters[key]?.intValue ?? 0 }
                stats.set(
                    HostStats(
                        ok: count("ok"), changed: count("changed"), unreachable: count("unreachable"),
                        failed: count("failed"), skipped: count("skipped"), rescued: count("rescued"),
                        ignored: count("ignored")), for: host)
            }
            return .playbookFinished(stats)
        default:
            return nil
        }
    }

    private static func result(_ v: Value) throws -> HostTaskResult {
        guard let status = v["status"]?.stringValue.flatMap(TaskStatus.init(rawValue:)) else {
            throw FixtureError("bad status in \(v)")
        }
        return HostTaskResult(
            host: v["host"]?.stringValue ?? "", status: status, delegatedTo: v["delegatedTo"]?.stringValue,
            itemLabel: v["itemLabel"]?.stringValue, ignored: v["ignored"]?.boolValue ?? false,
            rescued: v["rescued"]?.boolValue ?? false, result: v["result"]?.dictValue ?? ValueDict(),
            noLog: v["noLog"]?.boolValue ?? false, duration: number(v["duration"]),
            startedAt: number(v["startedAt"]), action: v["action"]?.stringValue ?? "", task: heading(v["task"]))
    }

    /// `"task": {"id", "name", "path", "isHandler"}` on a result: the task it belongs to, as the
    /// executor names it under the `free` strategy.
    private static func heading(_ v: Value?) -> TaskHeading? {
        guard let v, let id = v["id"]?.stringValue else { return nil }
        return TaskHeading(
            id: id, name: v["name"]?.stringValue ?? "", path: v["path"]?.stringValue,
            isHandler: v["isHandler"]?.boolValue ?? false)
    }

    private static func number(_ v: Value?) -> Double {
        switch v {
        case .int(let i)?: return Double(i)
        case .double(let d)?: return d
        default: return 0
        }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A clock that advances a quarter second per reading, so timestamps in goldens are fixed.
final class SteppingClock: @unchecked Sendable {
    private let lock = NSLock()
    private var time: Double

    init(start: Double = 1_795_977_726) { time = start }

    func now() -> Double {
        lock.lock()
        defer { lock.unlock() }
        let current = time
        time += 0.25
        return current
    }
}
