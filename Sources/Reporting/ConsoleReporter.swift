/// What a person (or a CI log) sees while a run goes: Ansible's console output, a compact
/// one-line-per-task log, or the JSON report on standard output at the end.
///
/// Called from many host threads at once: one lock orders events, and each event's text is
/// written whole, so lines never interleave. Every string is masked before it is formatted
/// (JSON escaping or colouring could otherwise hide a secret from a later text search) and
/// the finished text is masked again.
public final class ConsoleReporter: Reporter, @unchecked Sendable {
    public let options: ConsoleOptions
    private let output: any OutputSink
    private let errorOutput: (any OutputSink)?
    private let clock: @Sendable () -> Double
    private let lock = ReportLock()
    // Guarded by `lock`.
    private var state: State

    private enum Format {
        case standard(DefaultConsoleFormat)
        case compact(CompactConsoleFormat)
        case json(RunReport)
    }

    private struct State {
        var format: Format
        var masker: SecretMasker
        var live = LiveStatusLine()
        var taskStartedAt = 0.0
    }

    /// - Parameters:
    ///   - output: results, banners, the recap (standard output).
    ///   - errorOutput: warnings, as Ansible writes them to standard error; `nil` writes them to
    ///     `output`, except in the JSON style, where standard output must stay one JSON document.
    ///   - secrets: values never to print (no_log values, become passwords).
    ///   - clock: seconds since the epoch; tests pass a fixed one.
    ///   - runID: prefix of play and task ids in the JSON style; random when `nil`.
    public init(
        output: any OutputSink, errorOutput: (any OutputSink)? = nil, options: ConsoleOptions,
        secrets: [String] = [], clock: @escaping @Sendable () -> Double = WallClock.now,
        runID: String? = nil
    ) {
        self.options = options
        self.output = output
        self.errorOutput = errorOutput
        self.clock = clock
        let masker = SecretMasker(secrets)
        let format: Format
        switch options.style {
        case .default: format = .standard(DefaultConsoleFormat(options: options))
        case .compact: format = .compact(CompactConsoleFormat(options: options))
        case .json: format = .json(RunReport(secrets: secrets, runID: runID))
        }
        state = State(format: format, masker: masker)
    }

    /// Standard output and standard error of this process.
    public convenience init(options: ConsoleOptions, secrets: [String] = []) {
        self.init(
            output: FileDescriptorSink.standardOutput, errorOutput: FileDescriptorSink.standardError,
            options: options, secrets: secrets)
    }

    public func addSecrets(_ secrets: [String]) {
        lock.withLock {
            state.masker.add(secrets)
            if case .json(var report) = state.format {
                report.secrets.add(secrets)
                state.format = .json(report)
            }
        }
    }

    public func report(_ event: RunEvent) {
        lock.withLock {
            let now = clock()
            let event = state.masker.mask(event)
            if case .taskStarted = event { state.taskStartedAt = now }
            if case .hostsWaiting(let hosts) = event {
                drawLiveLine(hosts, now: now)
                return
            }
            let text = render(event, now: now)
            if text.isEmpty { return }
            output.write(state.live.clear())
            for part in text.parts {
                let masked = state.masker.mask(part.text)
                switch part.stream {
                case .output:
                    output.write(masked)
                case .errors:
                    // The JSON style keeps standard output a single JSON document.
                    if let errorOutput {
                        errorOutput.write(masked)
                    } else if options.style != .json {
                        output.write(masked)
                    }
                }
            }
        }
    }

    private func render(_ event: RunEvent, now: Double) -> ConsoleText {
        switch state.format {
        case .standard(var format):
            let text = format.render(event)
            state.format = .standard(format)
            return text
        case .compact(var format):
            let text = format.render(event)
            state.format = .compact(format)
            return text
        case .json(var report):
            report.apply(event, at: now)
            state.format = .json(report)
            var text = ConsoleText()
            switch event {
            case .playbookFinished: text.add(report.ansibleJSON() + "\n")
            case .warning(let message): text.addError("[WARNING]: \(message)\n")
            case .deprecation(let message): text.addError("[DEPRECATION WARNING]: \(message)\n")
            default: break
            }
            return text
        }
    }

    /// Only on a terminal, and never in the JSON style: elsewhere the line would end up in logs.
    private func drawLiveLine(_ hosts: [String], now: Double) {
        guard options.isTTY, options.style != .json else { return }
        let text = state.live.draw(hosts: hosts, elapsed: now - state.taskStartedAt, columns: options.columns)
        output.write(state.masker.mask(text))
    }
}
