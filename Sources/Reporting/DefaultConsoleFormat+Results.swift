import Values

extension DefaultConsoleFormat {
    /// A task's final result on one host (`v2_runner_on_ok` / `_failed` / `_skipped` /
    /// `_unreachable`, with `v2_on_file_diff` before an ok or changed one).
    mutating func hostResult(_ r: HostTaskResult) -> ConsoleText {
        var out = ConsoleText()
        var view = ResultView.callbackCopy(r)
        let items = takeLoopItems(r.host)
        // A censored result has lost its per-item `results`, so Ansible prints its line too.
        let summarisesLoop = items != nil && view["censored"] == nil
        let label = r.hostLabel
        switch r.status {
        case .ok, .changed:
            // A loop's diffs were shown with its items, each before the item's line.
            if r.showDiff ?? options.showDiff, items == nil {
                let text = diffs(view: view, items: [], into: &out)
                out.add(text)
            }
            if r.status == .ok && !options.showOk { break }
            ensureTaskBanner(&out)
            out.addError(resultWarnings(&view))
            guard !summarisesLoop else { break }
            if ResultView.isDebug(r) { ResultView.cleanDebug(&view) }
            var line = "\(r.status == .changed ? "changed" : "ok"): [\(label)]"
            if ResultView.isVerbose(view, verbosity: options.verbosity) {
                line += " => \(ResultView.dump(view, verbosity: options.verbosity))"
            }
            out.add(painter.line(line, r.status == .changed ? .changed : .ok))
        case .failed:
            if ResultView.isDebug(r) { ResultView.cleanDebug(&view) }
            ensureTaskBanner(&out)
            out.addError(resultWarnings(&view))
            if !summarisesLoop {
                let line =
                    "fatal: [\(label)]: FAILED! => \(ResultView.dump(view, verbosity: options.verbosity))"
                out.add(painter.line(line, .error))
            }
            if r.ignored { out.add(painter.line("...ignoring", .skip)) }
        case .skipped:
            guard options.showSkipped else { break }
            if ResultView.isDebug(r) { ResultView.cleanDebug(&view) }
            ensureTaskBanner(&out)
            // A loop's items were shown on their own lines (an empty loop has none): Ansible's
            // callback drops them from the task's line.
            if case .list? = view["results"] { view["results"] = nil }
            var line = "skipping: [\(r.host)]"
            if ResultView.isVerbose(view, verbosity: options.verbosity) {
                line += " => \(ResultView.dump(view, verbosity: options.verbosity))"
            }
            out.add(painter.line(line, .skip))
        case .unreachable:
            ensureTaskBanner(&out)
            let line =
                "fatal: [\(label)]: UNREACHABLE! => \(ResultView.dump(view, verbosity: options.verbosity))"
            out.add(painter.line(line, .unreachable))
            if r.ignored { out.add(painter.line("...ignoring", .skip)) }
        }
        return out
    }

    /// One loop item (`v2_runner_item_on_ok` / `_failed` / `_skipped`).
    mutating func itemResult(_ r: HostTaskResult) -> ConsoleText {
        var out = ConsoleText()
        rememberLoopItem(r)
        var view = ResultView.callbackCopy(r)
        let item = ResultView.itemLabel(r)
        let label = r.hostLabel
        if ResultView.isDebug(r) { ResultView.cleanDebug(&view) }
        switch r.status {
        case .ok, .changed:
            // ansible-core sends each item's diff just before the item's own result.
            if r.showDiff ?? options.showDiff {
                let text = diffs(view: view, items: [], into: &out)
                out.add(text)
            }
            if r.status == .ok && !options.showOk { break }
            ensureTaskBanner(&out)
            out.addError(resultWarnings(&view))
            var line = "\(r.status == .changed ? "changed" : "ok"): [\(label)] => (item=\(item))"
            if ResultView.isVerbose(view, verbosity: options.verbosity) {
                line += " => \(ResultView.dump(view, verbosity: options.verbosity))"
            }
            out.add(painter.line(line, r.status == .changed ? .changed : .ok))
        case .failed, .unreachable:
            ensureTaskBanner(&out)
            out.addError(resultWarnings(&view))
            let line =
                "failed: [\(label)] (item=\(item)) => \(ResultView.dump(view, verbosity: options.verbosity))"
            out.add(painter.line(line, r.status == .failed ? .error : .unreachable))
        case .skipped:
            guard options.showSkipped else { break }
            ensureTaskBanner(&out)
            // The trailing space, and the double space before a verbose `=>`, are Ansible's.
            var line = "skipping: [\(r.host)] => (item=\(item)) "
            if ResultView.isVerbose(view, verbosity: options.verbosity) {
                line += " => \(ResultView.dump(view, verbosity: options.verbosity))"
            }
            out.add(painter.line(line, .skip))
        }
        return out
    }

    /// Warnings and deprecations a module reported, shown before its result line.
    private mutating func resultWarnings(_ view: inout ValueDict) -> String {
        var out = ""
        if case .list(let warnings)? = view["warnings"] {
            for case .string(let text) in warnings { out += warning(text) }
        }
        if case .list(let deprecations)? = view["deprecations"] {
            for entry in deprecations {
                if let text = entry["msg"]?.stringValue ?? entry.stringValue { out += deprecation(text) }
            }
        }
        view["warnings"] = nil
        view["deprecations"] = nil
        return out
    }

    /// The `--diff` text of a changed result, or of each changed item of a loop.
    private mutating func diffs(view: ValueDict, items: [HostTaskResult], into out: inout ConsoleText)
        -> String
    {
        let text = DiffView.shown(for: view, items: items.map { ResultView.callbackCopy($0) })
            .map { DiffView.render($0, painter: painter) }.joined()
        if !text.isEmpty { ensureTaskBanner(&out) }
        return text
    }
}
