/// The line a terminal shows while a task runs: `  waiting on: h3, h7 (12 s)`, redrawn in place
/// and wiped before the next real line. Never used when output is not a terminal.
struct LiveStatusLine {
    static let eraseLine = "\r\u{1B}[K"

    private(set) var isShown = false

    /// Redraws the line for the hosts still running; no hosts wipes it.
    mutating func draw(hosts: [String], elapsed: Double, columns: Int) -> String {
        guard !hosts.isEmpty else { return clear() }
        isShown = true
        return Self.eraseLine + Self.text(hosts: hosts, elapsed: elapsed, columns: columns)
    }

    mutating func clear() -> String {
        guard isShown else { return "" }
        isShown = false
        return Self.eraseLine
    }

    /// As many host names as fit, then how many more: a line that wraps could not be redrawn.
    static func text(hosts: [String], elapsed: Double, columns: Int) -> String {
        let width = max(1, columns - 1)
        let line = fullText(hosts: hosts, elapsed: elapsed, width: width)
        guard TextWidth.columns(line) > width else { return line }
        // A terminal too narrow even for the count: cut, rather than wrap.
        var cut = ""
        for scalar in line.unicodeScalars {
            if TextWidth.columns(cut) + TextWidth.columns(scalar) > width { break }
            cut.unicodeScalars.append(scalar)
        }
        return cut
    }

    private static func fullText(hosts: [String], elapsed: Double, width: Int) -> String {
        let seconds = elapsed.isFinite && elapsed < 1e9 ? max(0, Int(elapsed)) : 0
        let suffix = " (\(seconds) s)"
        let prefix = "  waiting on: "
        var shown: [String] = []
        for (index, host) in hosts.enumerated() {
            let remaining = hosts.count - index - 1
            let more = remaining > 0 ? ", +\(remaining) more" : ""
            let candidate = (shown + [host]).joined(separator: ", ")
            if TextWidth.columns(prefix + candidate + more + suffix) > width {
                let rest = hosts.count - shown.count
                let list = shown.isEmpty ? "\(rest) hosts" : shown.joined(separator: ", ") + ", +\(rest) more"
                return prefix + list + suffix
            }
            shown.append(host)
        }
        return prefix + shown.joined(separator: ", ") + suffix
    }
}
