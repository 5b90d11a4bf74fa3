/// Which lines of two sequences differ, by Myers' O(ND) algorithm in its linear-space form
/// (E. Myers, "An O(ND) Difference Algorithm and Its Variations", 1986, section 4b): find the
/// middle snake of the shortest edit script, recurse on both halves.
///
/// Around it sit the two passes GNU diff adds, so that our hunks are the ones `diff -u` prints:
/// lines with no counterpart in the other file are set aside as changed before the search
/// (`MyersDiff+Discard.swift`), and runs of changes are slid over identical neighbours after it
/// (`MyersDiff+Shift.swift`). The result is a flag per line of each side.
struct MyersDiff {
    /// Line identities: equal lines carry equal numbers.
    let a: [Int]
    let b: [Int]
    /// `deleted[i]`: line `i` of `a` is not in the common subsequence.
    var deleted: [Bool]
    /// `inserted[j]`: line `j` of `b` is not in the common subsequence.
    var inserted: [Bool]

    /// The lines left for the search after discarding, and where each came from.
    private var xs: [Int] = []
    private var ys: [Int] = []
    private var xIndex: [Int] = []
    private var yIndex: [Int] = []
    private var forward: [Int] = []
    private var backward: [Int] = []
    /// Index of diagonal 0 in `forward` and `backward`, which hold diagonals -(m+1)...(n+1).
    private var diagonalOrigin = 0
    /// Above this many edit steps the search stops being exact and takes the furthest-reaching
    /// diagonal instead: the diff stays correct but may not be minimal. GNU diff does the same,
    /// so that a huge file with nothing in common cannot take quadratic time.
    private var costLimit = 4096

    init(_ a: [Int], _ b: [Int]) {
        self.a = a
        self.b = b
        deleted = Array(repeating: false, count: a.count)
        inserted = Array(repeating: false, count: b.count)
    }

    mutating func run() {
        let (discardA, discardB) = Self.confusingLines(a, b)
        for i in a.indices {
            if discardA[i] {
                deleted[i] = true
            } else {
                xIndex.append(i)
                xs.append(a[i])
            }
        }
        for j in b.indices {
            if discardB[j] {
                inserted[j] = true
            } else {
                yIndex.append(j)
                ys.append(b[j])
            }
        }
        let diagonals = xs.count + ys.count + 3
        forward = Array(repeating: 0, count: diagonals)
        backward = Array(repeating: 0, count: diagonals)
        diagonalOrigin = ys.count + 1
        var limit = 1
        var remaining = diagonals
        while remaining != 0 {
            remaining >>= 2
            limit <<= 1
        }
        costLimit = max(4096, limit)
        compare(0, xs.count, 0, ys.count)
        shiftBoundaries()
    }

    /// Marks the differences between `xs[xLow..<xHigh]` and `ys[yLow..<yHigh]`.
    private mutating func compare(_ xLow: Int, _ xHigh: Int, _ yLow: Int, _ yHigh: Int) {
        var (xLow, xHigh, yLow, yHigh) = (xLow, xHigh, yLow, yHigh)
        while xLow < xHigh, yLow < yHigh, xs[xLow] == ys[yLow] {
            xLow += 1
            yLow += 1
        }
        while xHigh > xLow, yHigh > yLow, xs[xHigh - 1] == ys[yHigh - 1] {
            xHigh -= 1
            yHigh -= 1
        }
        if xLow == xHigh {
            for j in yLow..<yHigh { inserted[yIndex[j]] = true }
        } else if yLow == yHigh {
            for i in xLow..<xHigh { deleted[xIndex[i]] = true }
        } else {
            let (xMid, yMid) = middleSnake(xLow, xHigh, yLow, yHigh)
            let atStart = xMid == xLow && yMid == yLow
            let atEnd = xMid == xHigh && yMid == yHigh
            if atStart || atEnd {
                // Cannot happen for an exact snake; after the cost cut-off, give up on this
                // stretch rather than recurse forever. Marking it all changed is still correct.
                for i in xLow..<xHigh { deleted[xIndex[i]] = true }
                for j in yLow..<yHigh { inserted[yIndex[j]] = true }
                return
            }
            compare(xLow, xMid, yLow, yMid)
            compare(xMid, xHigh, yMid, yHigh)
        }
    }

    /// A point on an optimal path half-way through it. Diagonals are numbered `x - y`.
    private mutating func middleSnake(_ xLow: Int, _ xHigh: Int, _ yLow: Int, _ yHigh: Int)
        -> (Int, Int)
    {
        let o = diagonalOrigin
        let lowest = xLow - yHigh
        let highest = xHigh - yLow
        let forwardMid = xLow - yLow
        let backwardMid = xHigh - yHigh
        var (fMin, fMax, bMin, bMax) = (forwardMid, forwardMid, backwardMid, backwardMid)
        let odd = (forwardMid - backwardMid) & 1 != 0
        forward[o + forwardMid] = xLow
        backward[o + backwardMid] = xHigh

        var cost = 1
        while true {
            // One more step forward, from the top-left corner.
            if fMin > lowest {
                fMin -= 1
                forward[o + fMin - 1] = -1
            } else {
                fMin += 1
            }
            if fMax < highest {
                fMax += 1
                forward[o + fMax + 1] = -1
            } else {
                fMax -= 1
            }
            for k in stride(from: fMax, through: fMin, by: -2) {
                let fromBelow = forward[o + k - 1]
                let fromAbove = forward[o + k + 1]
                var x = fromBelow < fromAbove ? fromAbove : fromBelow + 1
                var y = x - k
                while x < xHigh, y < yHigh, xs[x] == ys[y] {
                    x += 1
                    y += 1
                }
                forward[o + k] = x
                if odd, bMin <= k, k <= bMax, backward[o + k] <= x { return (x, y) }
            }

            // One more step backward, from the bottom-right corner.
            if bMin > lowest {
                bMin -= 1
                backward[o + bMin - 1] = Int.max
            } else {
                bMin += 1
            }
            if bMax < highest {
                bMax += 1
                backward[o + bMax + 1] = Int.max
            } else {
                bMax -= 1
            }
            for k in stride(from: bMax, through: bMin, by: -2) {
                let fromBelow = backward[o + k - 1]
                let fromAbove = backward[o + k + 1]
                var x = fromBelow < fromAbove ? fromBelow : fromAbove - 1
                var y = x - k
                while x > xLow, y > yLow, xs[x - 1] == ys[y - 1] {
                    x -= 1
                    y -= 1
                }
                backward[o + k] = x
                if !odd, fMin <= k, k <= fMax, x <= forward[o + k] { return (x, y) }
            }

            if cost >= costLimit {
                return furthestReaching(
                    xLow, xHigh, yLow, yHigh, fMin: fMin, fMax: fMax, bMin: bMin, bMax: bMax)
            }
            cost += 1
        }
    }

    /// The split point used once the search got too expensive: the forward or backward path
    /// that got furthest, whichever made more progress.
    private func furthestReaching(
        _ xLow: Int, _ xHigh: Int, _ yLow: Int, _ yHigh: Int,
        fMin: Int, fMax: Int, bMin: Int, bMax: Int
    ) -> (Int, Int) {
        let o = diagonalOrigin
        var forwardBest = (sum: -1, x: xLow)
        for k in stride(from: fMax, through: fMin, by: -2) {
            var x = min(forward[o + k], xHigh)
            var y = x - k
            if y > yHigh {
                x = yHigh + k
                y = yHigh
            }
            if x + y > forwardBest.sum { forwardBest = (x + y, x) }
        }
        var backwardBest = (sum: Int.max, x: xHigh)
        for k in stride(from: bMax, through: bMin, by: -2) {
            var x = max(xLow, backward[o + k])
            var y = x - k
            if y < yLow {
                x = yLow + k
                y = yLow
            }
            if x + y < backwardBest.sum { backwardBest = (x + y, x) }
        }
        if (xHigh + yHigh) - backwardBest.sum < forwardBest.sum - (xLow + yLow) {
            return (forwardBest.x, forwardBest.sum - forwardBest.x)
        }
        return (backwardBest.x, backwardBest.sum - backwardBest.x)
    }
}
