import Reporting
import Values

#if canImport(Glibc)
    import Glibc
#endif

/// `pause`: sleeps on the controller, or asks the user when a terminal is there to answer.
///
/// As ansible-core 2.18 does: a wait shorter than a second is a second; without an
/// interactive stdin a prompt is not waited for (a warning says so); the result gives the
/// start and stop times, the pause in the unit it was asked in, and what the user typed.
struct Pause {
    let invocation: ModuleInvocation
    var arguments: ValueDict { invocation.arguments }
    var run: RunShared { invocation.runner.run }

    func perform() -> ItemOutcome {
        var seconds: Int?
        var unit = "minutes"
        if let minutes = arguments["minutes"]?.intValue {
            seconds = minutes * 60
        } else if let value = arguments["seconds"]?.intValue {
            seconds = value
            unit = "seconds"
        }
        let prompt = arguments["prompt"]?.stringValue
        let echo = arguments["echo"]?.isTruthy ?? true
        let started = Clock.now()
        var input = ""
        if var wait = seconds {
            wait = max(wait, 1)
            say("Pausing for \(wait) seconds")
            if prompt != nil { say("(ctrl+C then 'C' = continue early, ctrl+C then 'A' = abort)\r") }
            sleep(Double(wait))
        } else if isatty(STDIN_FILENO) == 1 {
            say("[\(invocation.task.displayName)]\n\(prompt ?? "Press enter to continue, Ctrl+C to interrupt"):")
            input = readAnswer(echo: echo)
        } else {
            run.warn("Not waiting for response to prompt as stdin is not interactive")
        }
        let stopped = Clock.now()
        var duration = stopped - started
        if unit == "minutes" { duration /= 60 }
        duration = (duration * 100).rounded() / 100
        return invocation.outcome(.ok, [
            "changed": false, "delta": .int(Int(duration)), "echo": .bool(echo), "failed": false, "rc": 0,
            "start": .string(Self.timestamp(started)), "stderr": "",
            "stdout": .string("Paused for \(Self.pythonFloat(duration)) \(unit)"),
            "stop": .string(Self.timestamp(stopped)), "user_input": .string(input),
        ])
    }

    private func say(_ line: String) {
        run.reporter.report(.verbose(level: 0, host: nil, message: line))
    }

    /// Sleeps in short steps so an interrupt ends the pause.
    private func sleep(_ seconds: Double) {
        let end = Clock.monotonic() + seconds
        while !run.interrupted {
            let left = end - Clock.monotonic()
            if left <= 0 { return }
            usleep(UInt32(min(left, 0.2) * 1_000_000))
        }
    }

    private func readAnswer(echo: Bool) -> String {
        var saved = termios()
        let hidden = !echo && tcgetattr(STDIN_FILENO, &saved) == 0
        if hidden {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        }
        defer { if hidden { tcsetattr(STDIN_FILENO, TCSANOW, &saved) } }
        return readLine(strippingNewline: true) ?? ""
    }

    /// Python's `str()` of a rounded float: `2.02`, `0.0`, `3.5`.
    static func pythonFloat(_ value: Double) -> String {
        let text = String(value)
        return text.contains(".") || text.contains("e") ? text : text + ".0"
    }

    /// `2026-11-30 01:27:33.012426`, local time, as Python's `datetime.now()` prints.
    static func timestamp(_ time: Double) -> String {
        var seconds = time_t(time.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        let micros = Int((time - Double(seconds)) * 1_000_000)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let fraction = String(micros).count < 6 ? String(repeating: "0", count: 6 - String(micros).count) + String(micros) : String(micros)
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(fraction)"
    }
}
