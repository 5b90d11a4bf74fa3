/// Unified diffs as GNU `diff -u` writes them: `---`/`+++` headers, `@@ -a,b +c,d @@` hunks
/// with `context` lines around each change, hunks closer than twice the context merged, and
/// `\ No newline at end of file` after a last line that has no newline.
public enum UnifiedDiff {
    /// The diff, or "" when the texts are equal.
    public static func render(
        before: String, after: String, beforeHeader: String, afterHeader: String, context: Int = 3
    ) -> String {
        let old = Line.split(before)
        let new = Line.split(after)
        let context = max(0, context)
        let (deleted, inserted) = changedLines(old, new, horizon: context)
        let hunks = Hunk.group(deleted: deleted, inserted: inserted, context: context)
        guard !hunks.isEmpty else { return "" }
        var out = "--- \(beforeHeader)\n+++ \(afterHeader)\n"
        for hunk in hunks {
            hunk.write(to: &out, old: old, new: new, deleted: deleted, inserted: inserted)
        }
        return out
    }

    /// Flags the changed lines of both sides. Like GNU diff, identical leading and trailing
    /// lines are left out of the comparison, except for `horizon` of them next to the changes:
    /// those take part, so that changes can still slide over them and hunks come out the same.
    static func changedLines(_ old: [Line], _ new: [Line], horizon: Int) -> ([Bool], [Bool]) {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        let skippedPrefix = max(0, prefix - horizon)
        var suffix = 0
        let suffixLimit = min(old.count, new.count) - skippedPrefix
        while suffix < suffixLimit, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] {
            suffix += 1
        }
        let skippedSuffix = max(0, suffix - horizon)
        let oldBody = old[skippedPrefix..<(old.count - skippedSuffix)]
        let newBody = new[skippedPrefix..<(new.count - skippedSuffix)]

        var identities: [Line: Int] = [:]
        func identity(_ line: Line) -> Int {
            if let known = identities[line] { return known }
            let fresh = identities.count
            identities[line] = fresh
            return fresh
        }
        var diff = MyersDiff(oldBody.map(identity), newBody.map(identity))
        diff.run()
        var deleted = Array(repeating: false, count: old.count)
        var inserted = Array(repeating: false, count: new.count)
        deleted.replaceSubrange(oldBody.indices, with: diff.deleted)
        inserted.replaceSubrange(newBody.indices, with: diff.inserted)
        return (deleted, inserted)
    }

    /// One line and whether it ended with a newline: `"a"` at the end of a file differs from `"a\n"`.
    struct Line: Hashable {
        var text: Substring
        var terminated: Bool

        // By bytes: String equality is canonical equivalence, under which a precomposed "é"
        // equals "e" + combining accent, and diff must see that change.
        static func == (l: Line, r: Line) -> Bool {
            l.terminated == r.terminated && l.text.utf8.elementsEqual(r.text.utf8)
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(terminated)
            for byte in text.utf8 { hasher.combine(byte) }
        }

        /// Split after each "\n" byte; a "\r" stays part of its line, as in diff.
        static func split(_ text: String) -> [Line] {
            var lines: [Line] = []
            var start = text.startIndex
            var index = text.startIndex
            let utf8 = text.utf8
            while index != text.endIndex {
                if utf8[index] == UInt8(ascii: "\n") {
                    lines.append(Line(text: text[start..<index], terminated: true))
                    start = utf8.index(after: index)
                }
                index = utf8.index(after: index)
            }
            if start != text.endIndex {
                lines.append(Line(text: text[start...], terminated: false))
            }
            return lines
        }
    }

    /// A stretch of both files shown together: `[oldStart, oldEnd)` and `[newStart, newEnd)`.
    struct Hunk {
        var oldStart: Int, oldEnd: Int, newStart: Int, newEnd: Int

        /// Changes separated by at most `2 * context` unchanged lines share a hunk.
        static func group(deleted: [Bool], inserted: [Bool], context: Int) -> [Hunk] {
            var changes: [Hunk] = []  // each maximal change, without context
            var i = 0
            var j = 0
            while i < deleted.count || j < inserted.count {
                let isDeleted = i < deleted.count && deleted[i]
                let isInserted = j < inserted.count && inserted[j]
                if !isDeleted && !isInserted {
                    i += 1
                    j += 1
                    continue
                }
                let (i0, j0) = (i, j)
                while i < deleted.count && deleted[i] { i += 1 }
                while j < inserted.count && inserted[j] { j += 1 }
                changes.append(Hunk(oldStart: i0, oldEnd: i, newStart: j0, newEnd: j))
            }
            var hunks: [Hunk] = []
            for change in changes {
                if var last = hunks.last, change.oldStart - last.oldEnd <= 2 * context {
                    last.oldEnd = change.oldEnd
                    last.newEnd = change.newEnd
                    hunks[hunks.count - 1] = last
                } else {
                    hunks.append(change)
                }
            }
            return hunks.map { hunk in
                let before = min(context, hunk.oldStart, hunk.newStart)
                let after = min(context, deleted.count - hunk.oldEnd, inserted.count - hunk.newEnd)
                return Hunk(
                    oldStart: hunk.oldStart - before, oldEnd: hunk.oldEnd + after,
                    newStart: hunk.newStart - before, newEnd: hunk.newEnd + after)
            }
        }

        func write(to out: inout String, old: [Line], new: [Line], deleted: [Bool], inserted: [Bool]) {
            out += "@@ -\(Self.range(oldStart, oldEnd)) +\(Self.range(newStart, newEnd)) @@\n"
            var i = oldStart
            var j = newStart
            while i < oldEnd || j < newEnd {
                let progress = (i, j)
                if i < oldEnd && j < newEnd && !deleted[i] && !inserted[j] {
                    Self.append(" ", old[i], to: &out)
                    i += 1
                    j += 1
                    continue
                }
                while i < oldEnd && deleted[i] {
                    Self.append("-", old[i], to: &out)
                    i += 1
                }
                while j < newEnd && inserted[j] {
                    Self.append("+", new[j], to: &out)
                    j += 1
                }
                if progress == (i, j) { break }  // inconsistent flags: never loop forever
            }
        }

        /// `start,count` with 1-based start; a single line is just its number, and an empty
        /// range names the line before it (what `patch` expects).
        static func range(_ start: Int, _ end: Int) -> String {
            let count = end - start
            if count == 1 { return "\(start + 1)" }
            if count == 0 { return "\(start),0" }
            return "\(start + 1),\(count)"
        }

        static func append(_ mark: String, _ line: Line, to out: inout String) {
            out += mark
            out += line.text
            out += line.terminated ? "\n" : "\n\\ No newline at end of file\n"
        }
    }
}
