import Values

/// One line per host and task, for logs people scan rather than read:
///
///     web1 | CHANGED | Install nginx | 1.2s
///     web2 | FAILED | Install nginx | 0.3s | No package matching 'ngnix' is available
///
/// Warnings, diffs (with `--diff`) and the PLAY RECAP are as in the default style.
struct CompactConsoleFormat {
    private var base: DefaultConsoleFormat
    private var taskName = ""

    init(options: ConsoleOptions) {
        base = DefaultConsoleFormat(options: options)
    }

    private var options: ConsoleOptions { base.options }
    private var painter: ANSIPainter { base.painter }

    mutating func render(_ event: RunEvent) -> ConsoleText {
        var out = ConsoleText()
        switch event {
        case .taskStarted(let name, _, _):
            taskName = name.trimmed
        case .hostResult(let r):
            out.add(line(for: r))
        case .noHostsMatched, .noHostsRemaining, .warning, .deprecation, .verbose, .playbookFinished:
            out = base.render(event)
        case .playbookStarted, .playStarted, .loopItemResult, .hostsWaiting, .included:
            break
        }
        return out
    }

    private func line(for r: HostTaskResult) -> String {
        switch r.status {
        case .ok where !options.showOk, .skipped where !options.showSkipped: return ""
        default: break
        }
        let view = ResultView.callbackCopy(r)
        var out = ""
        if r.showDiff ?? options.showDiff, r.status == .ok || r.status == .changed {
            out += DiffView.shown(for: view).map { DiffView.render($0, painter: painter) }.joined()
        }
        let name = r.task.map { $0.name.trimmed } ?? (taskName.isEmpty ? r.action : taskName)
        var fields = [r.hostLabel, statusWord(r), name, Self.seconds(r.duration)]
        if r.status == .failed || r.status == .unreachable {
            fields.append(Self.oneLine(Self.failureMessage(view)))
        }
        out += painter.line(fields.joined(separator: " | "), color(r))
        return out
    }

    private func statusWord(_ r: HostTaskResult) -> String {
        let word = r.status.rawValue.uppercased()
        if r.status == .failed && r.rescued { return "\(word) (rescued)" }
        if (r.status == .failed || r.status == .unreachable) && r.ignored { return "\(word) (ignored)" }
        return word
    }

    private func color(_ r: HostTaskResult) -> ANSIColor {
        switch r.status {
        case .ok: return .ok
        case .changed: return .changed
        case .skipped: return .skip
        case .failed: return r.ignored || r.rescued ? .skip : .error
        case .unreachable: return r.ignored ? .skip : .unreachable
        }
    }

    /// What went wrong, in the words the module used: its message, else its error output,
    /// else its exit code.
    static func failureMessage(_ view: ValueDict) -> String {
        if let censored = view["censored"]?.stringValue { return censored }
        if let msg = view["msg"], msg.isTruthy { return ResultView.plainText(msg) }
        if let stderr = view["stderr"]?.stringValue, !stderr.trimmed.isEmpty { return stderr }
        if let rc = view["rc"] { return "rc=\(ResultView.plainText(rc))" }
        return "failed"
    }

    /// Line breaks and tabs become spaces, so the message stays on its line.
    static func oneLine(_ text: String) -> String {
        var out = ""
        var lastWasSpace = false
        for scalar in text.trimmed.unicodeScalars {
            let isBreak = scalar == "\n" || scalar == "\r" || scalar == "\t"
            if isBreak {
                if !lastWasSpace { out.unicodeScalars.append(" ") }
                lastWasSpace = true
            } else {
                out.unicodeScalars.append(scalar)
                lastWasSpace = scalar == " "
            }
        }
        return out
    }

    /// Tenths of a second: `1.2s`.
    static func seconds(_ duration: Double) -> String {
        guard duration.isFinite, duration >= 0 else { return "0.0s" }
        let tenths = Int((duration * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)s"
    }
}
