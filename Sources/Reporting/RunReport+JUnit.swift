import Values

extension RunReport {
    /// The run as JUnit XML, which CI systems show as test results: one `<testsuite>` per play,
    /// one `<testcase name="[host] task">` per task and host, classed under the playbook.
    /// Failures and unreachable hosts are `<failure>`s carrying the result; skipped tasks are
    /// `<skipped>`; an ignored failure passes, as with Ansible's junit callback.
    public func junitXML() -> String {
        let suites = plays.map(suite)
        let totals = suites.reduce(into: SuiteCounts()) { $0.add($1.counts) }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"\(attribute(playbookPath))\" tests=\"\(totals.tests)\" "
        out +=
            "failures=\"\(totals.failures)\" errors=\"0\" disabled=\"0\" time=\"\(Self.seconds(totals.time))\">\n"
        for suite in suites { out += suite.xml }
        out += "</testsuites>\n"
        return secrets.mask(out)
    }

    struct SuiteCounts {
        var tests = 0, failures = 0, skipped = 0
        var time = 0.0
        mutating func add(_ other: SuiteCounts) {
            tests += other.tests
            failures += other.failures
            skipped += other.skipped
            time += other.time
        }
    }

    private func suite(_ play: Play) -> (xml: String, counts: SuiteCounts) {
        var counts = SuiteCounts()
        var cases = ""
        for task in play.tasks {
            for result in task.results {
                let (xml, outcome) = testCase(task, result)
                cases += xml
                counts.tests += 1
                counts.time += max(0, result.duration)
                if outcome == .failure { counts.failures += 1 }
                if outcome == .skipped { counts.skipped += 1 }
            }
        }
        var out = "  <testsuite name=\"\(attribute(play.name))\" tests=\"\(counts.tests)\" "
        out += "failures=\"\(counts.failures)\" errors=\"0\" skipped=\"\(counts.skipped)\" "
        out += "time=\"\(Self.seconds(counts.time))\" timestamp=\"\(WallClock.isoSeconds(play.start))\">\n"
        out += cases
        out += "  </testsuite>\n"
        return (out, counts)
    }

    private enum Outcome { case passed, failure, skipped }

    private func testCase(_ task: Task, _ r: HostTaskResult) -> (String, Outcome) {
        let name = "[\(r.host)] \(task.name.trimmed.isEmpty ? r.action : task.name.trimmed)"
        var out = "    <testcase name=\"\(attribute(name))\" classname=\"\(attribute(playbookPath))\" "
        out += "time=\"\(Self.seconds(r.duration))\""
        let view = ResultView.callbackCopy(r)
        var compact = view
        compact["_ansible_verbose_always"] = nil  // one line per result, debug included
        let dump = secrets.mask(ResultView.dump(compact, verbosity: 0))
        let outcome: Outcome
        var body = ""
        switch r.status {
        case .ok, .changed:
            outcome = .passed
            body = "      <system-out>\(XMLText.content(dump))</system-out>\n"
        case .failed where r.ignored:
            outcome = .passed
            body = "      <system-out>\(XMLText.content(dump))</system-out>\n"
        case .unreachable where r.ignored:
            outcome = .skipped
            body = "      <skipped message=\"\(attribute(CompactConsoleFormat.failureMessage(view)))\"/>\n"
        case .failed, .unreachable:
            outcome = .failure
            let type = r.status == .unreachable ? "unreachable" : "failure"
            body = "      <failure message=\"\(attribute(CompactConsoleFormat.failureMessage(view)))\" "
            body += "type=\"\(type)\">\(XMLText.content(dump))</failure>\n"
        case .skipped:
            outcome = .skipped
            let reason = (view["skip_reason"] ?? view["msg"]).map(ResultView.plainText) ?? "skipped"
            body = "      <skipped message=\"\(attribute(reason))\"/>\n"
        }
        out += ">\n\(body)    </testcase>\n"
        return (out, outcome)
    }

    private func attribute(_ text: String) -> String {
        XMLText.attribute(secrets.mask(text))
    }

    /// Seconds with millisecond precision: `1.250`.
    static func seconds(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return "0.000" }
        let millis = Int((value * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
