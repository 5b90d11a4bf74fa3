/// One entry of a play's `serial:` — a host count or a percentage of the play's hosts.
public enum SerialStep: Sendable, Hashable {
    case count(Int)
    case percent(Double)
}

/// Splits a play's hosts into the batches `serial:` asks for, as Ansible does: steps are used in
/// order, the last one repeats until every host is in a batch, and a percentage rounds down but
/// never below one host.
public enum SerialBatches {
    public static func split<Host>(_ hosts: [Host], serial: [SerialStep]) -> [[Host]] {
        guard !serial.isEmpty, !hosts.isEmpty else { return hosts.isEmpty ? [] : [hosts] }
        var batches: [[Host]] = []
        var start = 0
        var stepIndex = 0
        while start < hosts.count {
            let step = serial[min(stepIndex, serial.count - 1)]
            var size: Int
            switch step {
            case .count(let n): size = n
            case .percent(let p):
                // (p / 100) * count, in this order, as Ansible computes it: 29% of 100 is 28.
                size = max(1, Int((p / 100 * Double(hosts.count)).rounded(.down)))
            }
            if size <= 0 { size = hosts.count - start }  // serial: 0 means all remaining hosts
            let end = min(hosts.count, start + size)
            batches.append(Array(hosts[start..<end]))
            start = end
            stepIndex += 1
        }
        return batches
    }
}
