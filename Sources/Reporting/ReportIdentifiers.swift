/// Play and task ids shaped like Ansible's (`0242ac11-0002-8f3e-2a47-000000000006`): a prefix
/// per run, then a counter.
struct ReportIdentifiers: Sendable {
    let prefix: String
    private var counter = 0

    init(prefix: String?) {
        if let prefix {
            self.prefix = prefix
        } else {
            var generator = SystemRandomNumberGenerator()
            let hex = (0..<5).map { _ in
                String(UInt16.random(in: 0...UInt16.max, using: &generator), radix: 16)
            }
            .map { String(repeating: "0", count: 4 - $0.count) + $0 }
            self.prefix = hex[0] + hex[1] + "-" + hex[2] + "-" + hex[3] + "-" + hex[4]
        }
    }

    mutating func next() -> String {
        counter += 1
        let digits = String(counter)
        return "\(prefix)-\(String(repeating: "0", count: max(0, 12 - digits.count)))\(digits)"
    }
}
