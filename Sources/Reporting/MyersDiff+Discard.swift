extension MyersDiff {
    /// Lines to treat as changed without searching, as GNU diff decides them.
    ///
    /// A line that occurs nowhere in the other file cannot be part of any common subsequence.
    /// A line that occurs very often in the other file (blank lines, lone braces) is only
    /// "provisionally" set aside, and kept after all unless it sits inside a run of such lines
    /// that starts and ends with a line of the first kind: discarding it there cannot hide a
    /// better match, and keeping it would let the search align unrelated blank lines.
    /// Besides speed, this decides which of several equally short scripts is found, so doing
    /// the same as GNU diff is what makes our hunks match `diff -u`.
    static func confusingLines(_ a: [Int], _ b: [Int]) -> ([Bool], [Bool]) {
        var countsInA: [Int: Int] = [:]
        var countsInB: [Int: Int] = [:]
        for line in a { countsInA[line, default: 0] += 1 }
        for line in b { countsInB[line, default: 0] += 1 }
        var marksA = initialMarks(a, otherCounts: countsInB)
        var marksB = initialMarks(b, otherCounts: countsInA)
        settleProvisional(&marksA)
        settleProvisional(&marksB)
        return (marksA.map { $0 != .keep }, marksB.map { $0 != .keep })
    }

    enum Mark: Equatable {
        case keep, discard, provisional
    }

    private static func initialMarks(_ lines: [Int], otherCounts: [Int: Int]) -> [Mark] {
        // "Very often" grows with the square root of the file's length.
        var many = 5
        var scaled = lines.count / 64
        while true {
            scaled >>= 2
            if scaled <= 0 { break }
            many *= 2
        }
        return lines.map { line in
            let matches = otherCounts[line] ?? 0
            if matches == 0 { return .discard }
            return matches > many ? .provisional : .keep
        }
    }

    private static func settleProvisional(_ marks: inout [Mark]) {
        let end = marks.count
        var i = 0
        while i < end {
            defer { i += 1 }
            if marks[i] == .provisional {
                marks[i] = .keep  // not inside a run that a definite discard opened
                continue
            }
            guard marks[i] == .discard else { continue }
            var j = i
            var provisional = 0
            while j < end && marks[j] != .keep {
                if marks[j] == .provisional { provisional += 1 }
                j += 1
            }
            while j > i && marks[j - 1] == .provisional {
                j -= 1
                marks[j] = .keep
                provisional -= 1
            }
            let length = j - i
            if provisional * 4 > length {
                // Mostly common lines: keep them all and look at the rest of the run again.
                for k in i..<j where marks[k] == .provisional { marks[k] = .keep }
                continue
            }
            keepLongProvisionalStretches(&marks, from: i, length: length)
            keepProvisionalNearEdge(&marks, from: i, length: length, step: 1)
            i += length - 1
            keepProvisionalNearEdge(&marks, from: i, length: length, step: -1)
        }
    }

    /// Stretches of at least about sqrt(length / 4) provisional lines inside the run are kept.
    private static func keepLongProvisionalStretches(_ marks: inout [Mark], from start: Int, length: Int) {
        var minimum = 1
        var scaled = length >> 2
        while true {
            scaled >>= 2
            if scaled <= 0 { break }
            minimum <<= 1
        }
        minimum += 1
        var offset = 0
        var consecutive = 0
        while offset < length {
            if marks[start + offset] != .provisional {
                consecutive = 0
            } else {
                consecutive += 1
                if consecutive == minimum {
                    offset -= consecutive  // back to the stretch's start, to keep all of it
                } else if consecutive > minimum {
                    marks[start + offset] = .keep
                }
            }
            offset += 1
        }
    }

    /// From one end of the run until three definite discards in a row (or a definite discard
    /// at least eight lines in), provisional lines are kept.
    private static func keepProvisionalNearEdge(
        _ marks: inout [Mark], from edge: Int, length: Int, step: Int
    ) {
        var consecutive = 0
        for distance in 0..<length {
            let index = edge + distance * step
            if distance >= 8 && marks[index] == .discard { break }
            switch marks[index] {
            case .provisional:
                consecutive = 0
                marks[index] = .keep
            case .keep:
                consecutive = 0
            case .discard:
                consecutive += 1
            }
            if consecutive == 3 { break }
        }
    }
}
