/// Ansible's default stdout callback, reproduced byte for byte: banners, result lines, diffs,
/// warnings and the PLAY RECAP. A pure state machine: events in, text out, no I/O.
struct DefaultConsoleFormat {
    struct Task {
        var name: String
        var path: String?
        var isHandler: Bool
    }

    let options: ConsoleOptions
    let painter: ANSIPainter
    private(set) var task: Task?
    /// The task whose banner was shown last, for results that name their task (`free`).
    private var headingID: String?
    private var taskBannerShown = false
    /// Loop items seen per host for the current task: the host's final result then only
    /// summarises them, and their diffs print with it.
    private var loopItems: [String: [HostTaskResult]] = [:]
    private var shownWarnings: Set<String> = []
    private var checkMode: Bool

    init(options: ConsoleOptions) {
        self.options = options
        painter = ANSIPainter(enabled: options.color)
        checkMode = options.checkMode
    }

    mutating func render(_ event: RunEvent) -> ConsoleText {
        var out = ConsoleText()
        switch event {
        case .playbookStarted(let path, let checkMode):
            self.checkMode = self.checkMode || checkMode
            if options.verbosity > 1 {
                let name = path.split(separator: "/").last.map(String.init) ?? path
                out.add(banner("PLAYBOOK: \(name)"))
            }
        case .playStarted(let name, let hostPattern, _):
            task = nil
            headingID = nil
            loopItems = [:]
            let title = name.trimmed.isEmpty ? hostPattern.trimmed : name.trimmed
            let marker = checkModeMarker
            out.add(banner(title.isEmpty ? "PLAY\(marker)" : "PLAY [\(title)]\(marker)"))
        case .noHostsMatched:
            out.add(painter.line("skipping: no hosts matched", .skip))
        case .taskStarted(let name, let path, let isHandler):
            task = Task(name: name, path: path, isHandler: isHandler)
            headingID = nil
            taskBannerShown = false
            loopItems = [:]
            if options.showSkipped && options.showOk { out.add(taskBanner()) }
        case .loopItemResult(let result):
            follow(result.task)
            out = itemResult(result)
        case .hostResult(let result):
            follow(result.task)
            out = hostResult(result)
        case .included(let path, let hosts, let itemLabel, let heading):
            follow(heading)
            ensureTaskBanner(&out)
            var line = "included: \(path) for \(hosts.joined(separator: ", "))"
            if let itemLabel { line += " => (item=\(itemLabel))" }
            out.add(painter.line(line, .included))
        case .noHostsRemaining:
            out.add(banner("NO MORE HOSTS LEFT"))
        case .hostsWaiting:
            break  // the live line belongs to the terminal, not to the transcript
        case .warning(let message):
            out.addError(warning(message))
        case .deprecation(let message):
            out.addError(deprecation(message))
        case .verbose(let level, let host, let message):
            if options.verbosity >= level {
                out.add(painter.line(host.map { "<\($0)> \(message)" } ?? message, .verbose))
            }
        case .playbookFinished(let stats):
            out.add(recap(stats))
        }
        return out
    }

    // MARK: Banners

    /// `msg ***…` to the banner width, after a blank line; at least three stars.
    func banner(_ message: String) -> String {
        let text = message.trimmed
        let stars = max(3, options.columns - TextWidth.columns(text))
        return "\n\(text) \(String(repeating: "*", count: stars))\n"
    }

    private var checkModeMarker: String {
        options.checkModeMarkers && checkMode ? " [CHECK MODE]" : ""
    }

    private mutating func taskBanner() -> String {
        guard let task else { return "" }
        taskBannerShown = true
        let prefix = task.isHandler ? "RUNNING HANDLER" : "TASK"
        var out = banner("\(prefix) [\(task.name.trimmed)]\(checkModeMarker)")
        if options.verbosity >= 2, let path = task.path, !path.isEmpty {
            out += painter.line("task path: \(path)", .debug)
        }
        return out
    }

    /// Under the `free` strategy results of different tasks interleave: as Ansible's callback
    /// does, a result of another task than the last banner's shows that task's banner first.
    /// Loop items stay filed by host, so a host's summary still finds its own items.
    mutating func follow(_ heading: TaskHeading?) {
        guard let heading, heading.id != headingID else { return }
        headingID = heading.id
        task = Task(name: heading.name, path: heading.path, isHandler: heading.isHandler)
        taskBannerShown = false
    }

    /// The task banner, if it was held back until something about the task was shown.
    mutating func ensureTaskBanner(_ out: inout ConsoleText) {
        if !taskBannerShown { out.add(taskBanner()) }
    }

    mutating func rememberLoopItem(_ r: HostTaskResult) {
        loopItems[r.host, default: []].append(r)
    }

    mutating func takeLoopItems(_ host: String) -> [HostTaskResult]? {
        loopItems.removeValue(forKey: host)
    }

    // MARK: Warnings

    /// `[WARNING]: …` folded to the banner width, each distinct text shown once per run.
    mutating func warning(_ message: String) -> String {
        let text =
            TextWrap.wrap("[WARNING]: \(message)", width: options.columns).joined(separator: "\n") + "\n"
        guard shownWarnings.insert(text).inserted else { return "" }
        return painter.line(text, .warn)
    }

    mutating func deprecation(_ message: String) -> String {
        var message = message.trimmed
        if let last = message.last, !"!?.".contains(last) { message += "." }
        let text = TextWrap.wrap("[DEPRECATION WARNING]: \(message)", width: options.columns)
            .joined(separator: "\n")
        guard shownWarnings.insert(text).inserted else { return "" }
        return painter.line(text, .deprecate)
    }

    // MARK: Recap

    func recap(_ stats: RunStats) -> String {
        var out = banner("PLAY RECAP")
        for host in stats.sortedHosts {
            let t = stats[host]
            let fields = [
                counter("ok", t.ok, .ok), counter("changed", t.changed, .changed),
                counter("unreachable", t.unreachable, .unreachable), counter("failed", t.failed, .error),
                counter("skipped", t.skipped, .skip), counter("rescued", t.rescued, .ok),
                counter("ignored", t.ignored, .warn),
            ]
            out += painter.line("\(recapHost(host, t)) : \(fields.joined(separator: " "))")
        }
        out += "\n"
        if options.checkModeMarkers && checkMode { out += banner("DRY RUN") }
        return out
    }

    /// The host padded to 26 columns (`%-26s`), coloured by its worst outcome; the padding
    /// stays outside the colour, as Ansible's `%-37s` over the coloured name leaves it.
    private func recapHost(_ host: String, _ t: HostStats) -> String {
        let padding = String(repeating: " ", count: max(0, 26 - host.unicodeScalars.count))
        guard painter.enabled else { return host + padding }
        let color: ANSIColor = t.failed != 0 || t.unreachable != 0 ? .error : t.changed != 0 ? .changed : .ok
        return painter.paint(host, color) + padding
    }

    /// `name=%-4s`, coloured only when not zero.
    private func counter(_ name: String, _ value: Int, _ color: ANSIColor) -> String {
        let number = String(value)
        let text = "\(name)=\(number)\(String(repeating: " ", count: max(0, 4 - number.count)))"
        return value != 0 ? painter.paint(text, color) : text
    }
}
