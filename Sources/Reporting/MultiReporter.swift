/// Sends every event to several reporters, in order (console and reports at once).
public final class MultiReporter: Reporter {
    public let reporters: [any Reporter]

    public init(_ reporters: [any Reporter]) {
        self.reporters = reporters
    }

    public func report(_ event: RunEvent) {
        for reporter in reporters { reporter.report(event) }
    }

    public func addSecrets(_ secrets: [String]) {
        for reporter in reporters { reporter.addSecrets(secrets) }
    }
}
