import Values

/// A result's `diff` as `--diff` shows it (Ansible's `_get_diff`): notes for skipped binary or
/// large files, a unified diff between `before` and `after` (dicts serialised as sorted,
/// indented JSON, the way file-module attribute changes print), then any `prepared` text.
enum DiffView {
    /// Context lines around each change (Ansible's `DIFF_CONTEXT`).
    static let context = 3

    /// The diffs `--diff` shows for a result: its own when it changed something, or for a loop
    /// those of each changed item (from `results`, else from the items reported one by one).
    static func shown(for view: ValueDict, items: [ValueDict] = []) -> [Value] {
        let sources: [ValueDict]
        if case .list(let results)? = view["results"] {
            sources = results.compactMap(\.dictValue)
        } else if !items.isEmpty {
            sources = items
        } else {
            sources = [view]
        }
        return sources.compactMap { source in
            guard source["changed"]?.isTruthy == true, let diff = source["diff"], diff.isTruthy else {
                return nil
            }
            return diff
        }
    }

    static func render(_ diff: Value, painter: ANSIPainter) -> String {
        let entries: [Value]
        if case .list(let list) = diff { entries = list } else { entries = [diff] }
        var out = ""
        for case .dict(let entry) in entries {
            out += render(entry, painter: painter)
        }
        return out
    }

    private static func render(_ entry: ValueDict, painter: ANSIPainter) -> String {
        var out = ""
        if entry.contains("dst_binary") { out += "diff skipped: destination file appears to be binary\n" }
        if entry.contains("src_binary") { out += "diff skipped: source file appears to be binary\n" }
        if let size = entry["dst_larger"] {
            out += "diff skipped: destination file size is greater than \(ResultView.plainText(size))\n"
        }
        if let size = entry["src_larger"] {
            out += "diff skipped: source file size is greater than \(ResultView.plainText(size))\n"
        }
        if let before = entry["before"], let after = entry["after"] {
            let beforeHeader =
                entry["before_header"].map { "before: \(ResultView.plainText($0))" } ?? "before"
            let afterHeader = entry["after_header"].map { "after: \(ResultView.plainText($0))" } ?? "after"
            let unified = UnifiedDiff.render(
                before: text(before), after: text(after), beforeHeader: beforeHeader,
                afterHeader: afterHeader, context: context)
            if !unified.isEmpty {
                out += colored(unified, painter: painter) + "\n"
            }
        }
        if let prepared = entry["prepared"] { out += ResultView.plainText(prepared) }
        return out
    }

    /// What one side of a diff compares as: text as is, structures as `json.dumps(indent=4)`.
    private static func text(_ side: Value) -> String {
        switch side {
        case .null: return ""
        case .string(let s): return s
        case .dict, .list:
            return JSON.serialize(side, pretty: true, sortKeys: true, indent: 4) + "\n"
        default: return ResultView.plainText(side)
        }
    }

    /// Each diff line coloured by its first character, its newline inside the colouring, and a
    /// `\ No newline at end of file` marker coloured with the line it belongs to: Ansible
    /// appends the marker to that line before colouring, and golden files compare bytes.
    private static func colored(_ unified: String, painter: ANSIPainter) -> String {
        guard painter.enabled else { return unified }
        let lines = unified.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .dropLast().map { String(decoding: $0, as: UTF8.self) + "\n" }
        var out = ""
        var index = 0
        while index < lines.count {
            var text = lines[index]
            index += 1
            while index < lines.count && lines[index].hasPrefix("\\") {
                text += lines[index]
                index += 1
            }
            let color: ANSIColor?
            if text.hasPrefix("+") {
                color = .diffAdd
            } else if text.hasPrefix("-") {
                color = .diffRemove
            } else if text.hasPrefix("@@") {
                color = .diffLines
            } else {
                color = nil
            }
            out += painter.paint(text, color)
        }
        return out
    }
}
