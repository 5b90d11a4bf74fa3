import Reporting

/// The reporters a run writes to: the console in the chosen style, plus report files.
struct ReporterSetup {
    let reporter: any Reporter
    /// `--timing` (or `-v`): the slowest tasks and connection times after the recap.
    let timing: TimingReport?
    private let files: [any FileReport]

    init(options: RunOptions) {
        var console = ConsoleOptions.detect(descriptor: 1)
        console.verbosity = options.verbosity
        console.showDiff = options.diff
        console.checkMode = options.check
        console.style = ConsoleOptions.Style(rawValue: options.outputStyle.rawValue) ?? .default
        var reporters: [any Reporter] = [ConsoleReporter(options: console)]
        var files: [any FileReport] = []
        if let path = options.reportJSON {
            let report = JSONReporter(path: path)
            reporters.append(report)
            files.append(report)
        }
        if let path = options.reportJUnit {
            let report = JUnitReporter(path: path)
            reporters.append(report)
            files.append(report)
        }
        let timing = options.timing || options.verbosity >= 1 ? TimingReport() : nil
        if let timing { reporters.append(timing) }
        self.timing = timing
        self.reporter = reporters.count == 1 ? reporters[0] : MultiReporter(reporters)
        self.files = files
    }

    /// Writes report files now, from an interrupt: they must exist even for a cut-short run.
    func flush() {
        for file in files {
            do {
                try file.writeReport()
            } catch {
                Runner.writeError("error: cannot write the report: \(error)\n")
            }
        }
    }

    func finish() {
        flush()
    }
}

/// A reporter that writes a file, which must also be writable from an interrupt.
protocol FileReport: Reporter {
    func writeReport() throws
}

extension JSONReporter: FileReport {
    func writeReport() throws { try writeNow() }
}

extension JUnitReporter: FileReport {
    func writeReport() throws { try writeNow() }
}
