import Foundation

/// Console output made comparable across runs and tools: what changes from run to run
/// (command timings, file times, inode and device numbers, the name of the temporary copy a
/// copy or template wrote: Ansible's `…/ansible-tmp-…/.source.ext`, `playbook`'s
/// `DIR/.pb-tmp.PID.XXXXXXXXXX`, an async job's id `j<digits>.<pid>`, the random
/// `_original_basename` of a copied `content:`) is blanked, and within each task the results are ordered by host, since
/// hosts finish in any order (each host's own lines keep their order). Two differences are
/// meant and left out: ansible-playbook's `-v` line about its config file (`playbook` reads
/// none), its `-vvv` banner and connection steps, and the TIMING summary `playbook` adds
/// after the recap at `-v`.
enum ConsoleTranscript {
    private static let timing = try! NSRegularExpression(pattern: #""(delta|start|end)": "[^"]*""#)
    private static let fileNumbers = try! NSRegularExpression(pattern: #""(atime|mtime|ctime|inode|dev)": [0-9.]+"#)
    private static let temporaryCopy = try! NSRegularExpression(
        pattern: #""src": "(/[^"]*/ansible-tmp-[^"/]*/\.source[^"/]*|/[^"]*/\.pb-tmp\.[0-9]+\.[A-Za-z0-9]{10})""#)
    private static let jobID = try! NSRegularExpression(pattern: #"\bj[0-9]+\.[0-9]+\b"#)
    /// The random name ansible-core's copy gives the temporary file of `content:`
    /// (`invocation.module_args._original_basename`); `playbook` makes one of the same shape.
    private static let contentBasename = try! NSRegularExpression(
        pattern: #""_original_basename": "\.[a-z0-9_]{8}""#)
    /// What ansible-playbook prints at -vvv about itself, its inventory plugins and each
    /// connection step; `playbook` reaches hosts its own way and prints none of it.
    private static let ansibleInternals = try! NSRegularExpression(
        pattern: #"^(<[^>]+> (ESTABLISH|EXEC|PUT|FETCH|SSH) .*|Using module file .*|(host_list|script|auto|yaml|ini|toml) declined parsing .*|Parsed .* inventory source with .* plugin|Skipping callback '.*', as we already have a stdout callback\.)$"#)
    private static let hostLine = try! NSRegularExpression(
        pattern: #"^(ok|changed|skipping|fatal|failed|FAILED - RETRYING): \[([^\]]+)\]"#)
    private static let sectionStarts = [
        "TASK [", "PLAY ", "PLAY [", "RUNNING HANDLER", "NO MORE HOSTS", "[WARNING]", "[DEPRECATION",
    ]
    /// Lines that begin an entry of their own without naming a host.
    private static let entryStarts = ["included:", "--- ", "+++ ", "@@"]

    static func normalised(_ text: String) -> String {
        let range = NSRange(text.startIndex..., in: text)
        var blanked = timing.stringByReplacingMatches(in: text, range: range, withTemplate: #""$1": "X""#)
        blanked = fileNumbers.stringByReplacingMatches(
            in: blanked, range: NSRange(blanked.startIndex..., in: blanked), withTemplate: #""$1": N"#)
        blanked = temporaryCopy.stringByReplacingMatches(
            in: blanked, range: NSRange(blanked.startIndex..., in: blanked), withTemplate: #""src": "TEMPORARY""#)
        blanked = jobID.stringByReplacingMatches(
            in: blanked, range: NSRange(blanked.startIndex..., in: blanked), withTemplate: "JOB")
        blanked = contentBasename.stringByReplacingMatches(
            in: blanked, range: NSRange(blanked.startIndex..., in: blanked), withTemplate: #""_original_basename": "RANDOM""#)
        if let summary = blanked.range(of: "\nTIMING *") { blanked = String(blanked[..<summary.lowerBound]) }
        var out: [String] = []
        var entries: [[String]] = []
        func flush() {
            let keyed = entries.enumerated().map { index, lines in
                (lines.lazy.compactMap(host(of:)).first ?? "~", index, lines)
            }
            for (_, _, lines) in keyed.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) { out += lines }
            entries = []
        }
        // A --diff block (its blank line included) prints before the result line of its host:
        // it travels with that line when the hosts are put in order.
        var diffBlock: [String]?
        var inBanner = false
        for line in blanked.components(separatedBy: "\n") {
            // ansible-playbook's -vvv banner: its version line, then indented details.
            if line.hasPrefix("ansible-playbook [core ") || (inBanner && line.hasPrefix("  ")) {
                inBanner = true
                continue
            }
            inBanner = false
            if ansibleInternals.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil { continue }
            if line == "No config file found; using defaults"
                || (line.hasPrefix("Using ") && line.hasSuffix(" as config file"))
            {
                continue
            }
            if var block = diffBlock {
                if host(of: line) != nil {
                    entries.append(block + [line])
                    diffBlock = nil
                    continue
                }
                if !sectionStarts.contains(where: line.hasPrefix) {
                    block.append(line)
                    diffBlock = block
                    continue
                }
                flush()
                out += block
                diffBlock = nil
            }
            if line.hasPrefix("--- ") {
                diffBlock = [line]
                continue
            }
            if line.isEmpty || sectionStarts.contains(where: line.hasPrefix) {
                flush()
                out.append(line)
            } else if line.hasPrefix("...ignoring"), !entries.isEmpty {
                entries[entries.count - 1].append(line)
            } else if host(of: line) != nil || entryStarts.contains(where: line.hasPrefix) {
                entries.append([line])
            } else if !entries.isEmpty {
                entries[entries.count - 1].append(line)
            } else {
                out.append(line)
            }
        }
        flush()
        out += diffBlock ?? []
        return out.joined(separator: "\n")
    }

    private static func host(of line: String) -> String? {
        let range = NSRange(line.startIndex..., in: line)
        guard let match = hostLine.firstMatch(in: line, range: range),
            let host = Range(match.range(at: 2), in: line)
        else { return nil }
        return String(line[host])
    }
}
