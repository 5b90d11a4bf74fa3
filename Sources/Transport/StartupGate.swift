/// Limits how many SSH connections to one server are between TCP connect and successful
/// authentication at the same time. sshd's `MaxStartups 10:30:100` starts dropping 30% of new
/// connections beyond 10 unauthenticated ones, which a fan-out through one jump host reaches at
/// once; staying below that turns random "banner" failures into a short queue.
final class StartupGate: @unchecked Sendable {
    static let shared = StartupGate(limit: 8)

    private let limit: Int
    private let condition = PlainLock()
    private var inProgress: [String: Int] = [:]

    init(limit: Int) {
        self.limit = limit
    }

    /// Runs `body` once a slot for `server` is free; false from `enter` means the deadline passed.
    func withSlot<T>(for server: String, until deadline: Deadline, _ body: () throws(TransportError) -> T)
        throws(TransportError) -> T?
    {
        guard enter(server, until: deadline) else { return nil }
        defer { leave(server) }
        return try body()
    }

    private func enter(_ server: String, until deadline: Deadline) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while inProgress[server, default: 0] >= limit {
            let seconds = Double(deadline.remainingMilliseconds(cap: 1000)) / 1000
            if seconds <= 0 { return false }
            condition.wait(seconds: seconds)
        }
        inProgress[server, default: 0] += 1
        return true
    }

    private func leave(_ server: String) {
        condition.lock()
        inProgress[server, default: 1] -= 1
        if inProgress[server] == 0 { inProgress[server] = nil }
        condition.broadcast()
        condition.unlock()
    }
}
