import Planner
import Testing

/// `serial:` batches as ansible-core's `_get_serialized_batches` makes them: steps in order, the
/// last repeating, percentages of the play's hosts truncated (as Python's `int()` of a float)
/// but never below one host, and zero or less meaning "all remaining hosts".
struct SerialBatchesTests {
    struct Case: Sendable, CustomStringConvertible {
        var hosts: Int
        var serial: [SerialStep]
        var sizes: [Int]
        var description: String { "\(hosts) hosts, serial \(serial) → \(sizes)" }
    }

    static let cases: [Case] = [
        Case(hosts: 5, serial: [], sizes: [5]),
        Case(hosts: 5, serial: [.count(1)], sizes: [1, 1, 1, 1, 1]),
        Case(hosts: 5, serial: [.count(2)], sizes: [2, 2, 1]),
        Case(hosts: 5, serial: [.count(10)], sizes: [5]),
        Case(hosts: 5, serial: [.count(0)], sizes: [5]),
        Case(hosts: 5, serial: [.count(-3)], sizes: [5]),
        // A list: each step once, then the last one repeats.
        Case(hosts: 10, serial: [.count(1), .count(3)], sizes: [1, 3, 3, 3]),
        Case(hosts: 10, serial: [.count(1), .count(2), .count(100)], sizes: [1, 2, 7]),
        Case(hosts: 3, serial: [.count(1), .count(5), .count(5)], sizes: [1, 2]),
        // Percentages are of all the play's hosts, not of those left.
        Case(hosts: 10, serial: [.percent(30)], sizes: [3, 3, 3, 1]),
        Case(hosts: 5, serial: [.percent(50)], sizes: [2, 2, 1]),
        Case(hosts: 3, serial: [.percent(10)], sizes: [1, 1, 1]),
        Case(hosts: 4, serial: [.percent(0)], sizes: [1, 1, 1, 1]),
        Case(hosts: 4, serial: [.percent(100)], sizes: [4]),
        Case(hosts: 10, serial: [.count(1), .percent(50)], sizes: [1, 5, 4]),
        Case(hosts: 10, serial: [.percent(10), .percent(20), .percent(100)], sizes: [1, 2, 7]),
        // Python computes (29 / 100.0) * 100 = 28.999…, so Ansible makes batches of 28.
        Case(hosts: 100, serial: [.percent(29)], sizes: [28, 28, 28, 16]),
        Case(hosts: 100, serial: [.percent(57)], sizes: [56, 44]),
        Case(hosts: 0, serial: [.count(2)], sizes: []),
    ]

    @Test(arguments: cases)
    func batchSizes(_ test: Case) {
        let hosts = (0..<test.hosts).map { "h\($0)" }
        let batches = SerialBatches.split(hosts, serial: test.serial)
        #expect(batches.map(\.count) == test.sizes, "\(test)")
        #expect(batches.flatMap { $0 } == hosts, "every host once, in inventory order")
    }
}
