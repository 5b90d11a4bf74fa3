extension MyersDiff {
    /// Slides runs of changed lines over identical neighbours, as GNU diff does after comparing.
    ///
    /// When a changed run could equally start one line earlier or later (the line leaving the run
    /// equals the line joining it), the edit script is just as short either way. Runs are first
    /// moved back to merge with earlier runs, then forward as far as they go (so an inserted
    /// block of `}` lines ends after the last one, where a person would put it), and finally back
    /// to line up with a change in the other file when that makes one hunk instead of two.
    mutating func shiftBoundaries() {
        // Flags padded with an unchanged line before the first and after the last: the scans
        // below stop on them instead of checking bounds.
        var old = [false] + deleted + [false]
        var new = [false] + inserted + [false]
        Self.shift(&old, other: new, lines: a)
        Self.shift(&new, other: old, lines: b)
        deleted = Array(old[1..<(old.count - 1)])
        inserted = Array(new[1..<(new.count - 1)])
    }

    /// `changed` and `other` are padded (index 1 is line 0); `lines` is not.
    private static func shift(_ changed: inout [Bool], other: [Bool], lines: [Int]) {
        let end = lines.count
        // Positions are line numbers; `changed[p + 1]` is the flag of line `p`.
        func isChanged(_ p: Int) -> Bool { changed[p + 1] }
        func otherChanged(_ q: Int) -> Bool { other[q + 1] }

        var i = 0
        var j = 0  // the matching position in the other file
        while true {
            // Find the start of the next run, keeping `j` in step over unchanged lines.
            while i < end && !isChanged(i) {
                while otherChanged(j) { j += 1 }
                j += 1
                i += 1
            }
            if i == end { break }
            var start = i
            while isChanged(i) { i += 1 }
            while otherChanged(j) { j += 1 }

            var corresponding = end
            var runLength = 0
            repeat {
                runLength = i - start
                // Back, while the line before the run equals the run's last line: merges
                // with an earlier run when they meet.
                while start > 0 && lines[start - 1] == lines[i - 1] {
                    start -= 1
                    changed[start + 1] = true
                    i -= 1
                    changed[i + 1] = false
                    while isChanged(start - 1) { start -= 1 }
                    j -= 1
                    while otherChanged(j) { j -= 1 }
                }
                // Remember where the run last lined up with a change in the other file.
                corresponding = otherChanged(j - 1) ? i : end
                // Forward, while the run's first line equals the line after it.
                while i != end && lines[start] == lines[i] {
                    changed[start + 1] = false
                    start += 1
                    changed[i + 1] = true
                    i += 1
                    while isChanged(i) { i += 1 }
                    j += 1
                    while otherChanged(j) {
                        j += 1
                        corresponding = i
                    }
                }
            } while runLength != i - start

            // Back again to meet a change in the other file, if one was passed.
            while corresponding < i {
                start -= 1
                changed[start + 1] = true
                i -= 1
                changed[i + 1] = false
                j -= 1
                while otherChanged(j) { j -= 1 }
            }
        }
    }
}
