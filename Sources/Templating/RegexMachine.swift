#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A match ran past its time bound or its step budget: a pattern that backtracks exponentially.
struct RegexBudgetExceeded: Error {}

/// Runs a `RegexProgram` over text by backtracking, as Python's `re` does, with an explicit
/// stack instead of recursion (so `.*` over a megabyte cannot overflow the thread's stack).
///
/// Python's `re` backtracks: `(a+)+$` against twenty `a`s and a `b` runs for minutes, and the
/// text matched is often a registered command output, which a compromised host controls. The
/// machine is ours, so it bounds itself: it reads the monotonic clock every few thousand steps
/// and stops at its deadline, on the calling thread, leaving nothing running behind it.
struct RegexMachine {
    let program: RegexProgram
    let text: [Unicode.Scalar]
    private var steps = 0
    private let budget: Int
    private let deadline: UInt64

    /// Backtracking entries kept at once; deeper means a pattern that remembers a choice per
    /// scalar of a very long text.
    static let maximumStack = 20_000_000
    /// Steps between two looks at the clock: a step takes nanoseconds, a clock read tens of them.
    private static let clockInterval = 4096

    /// `seconds` bounds the wall time of every run on this machine together; `budget` bounds
    /// their steps, so a slow machine and a fast one refuse the same runaway pattern.
    init(program: RegexProgram, text: [Unicode.Scalar], seconds: Double, budget: Int) {
        self.program = program
        self.text = text
        self.budget = budget
        let nanoseconds = min(1e15, max(0, seconds) * 1e9)
        deadline = Self.monotonicNanoseconds() &+ UInt64(nanoseconds)
    }

    private static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }

    private enum Frame {
        case retry(pc: Int, position: Int)
        case restore(slot: Int, value: Int)
    }

    /// Matches program `index` starting exactly at `start`; returns the end position with
    /// `slots` filled in, or nil. `requiredEnd` pins the end (lookbehind, fullmatch);
    /// `forbidEmptyAt` refuses an empty match there, as Python's `finditer` does after an
    /// empty match.
    mutating func run(
        _ index: Int, at start: Int, slots: inout [Int], requiredEnd: Int? = nil, forbidEmptyAt: Int? = nil
    ) throws(RegexBudgetExceeded) -> Int? {
        let code = program.programs[index]
        var stack: [Frame] = []
        var pc = 0
        var position = start
        let count = text.count

        func setSlot(_ slot: Int, _ value: Int, _ stack: inout [Frame], _ slots: inout [Int]) {
            stack.append(.restore(slot: slot, value: slots[slot]))
            slots[slot] = value
        }

        while true {
            steps += 1
            guard steps <= budget, stack.count <= Self.maximumStack else { throw RegexBudgetExceeded() }
            if steps % Self.clockInterval == 0, Self.monotonicNanoseconds() > deadline { throw RegexBudgetExceeded() }
            var advance = true
            switch code[pc] {
            case .scalar(let c, let fold):
                advance = position < count && (fold ? ScalarClass.lowercase(text[position]) == c : text[position] == c)
                if advance { position += 1 }
            case .any(let dotAll):
                advance = position < count && (dotAll || text[position] != "\n")
                if advance { position += 1 }
            case .set(let set):
                advance = position < count && set.contains(text[position])
                if advance { position += 1 }
            case .anchor(let anchor):
                advance = holds(anchor, at: position)
            case .split(let preferred, let other):
                stack.append(.retry(pc: other, position: position))
                pc = preferred
                continue
            case .jump(let target):
                pc = target
                continue
            case .save(let slot):
                setSlot(slot, position, &stack, &slots)
            case .requireProgress(let slot):
                advance = slots[slot] != position
            case .backreference(let group, let fold):
                if let end = matchBackreference(group, fold: fold, at: position, slots: slots) {
                    position = end
                } else {
                    advance = false
                }
            case .look(let body, let behind, let negative, let width):
                var inner = slots
                var found = false
                if !behind {
                    found = try run(body, at: position, slots: &inner) != nil
                } else if position >= width {
                    found = try run(body, at: position - width, slots: &inner, requiredEnd: position) != nil
                }
                advance = found != negative
                // Groups set inside a positive lookaround keep their values, as in Python.
                if advance, !negative {
                    for slot in slots.indices where inner[slot] != slots[slot] { setSlot(slot, inner[slot], &stack, &slots) }
                }
            case .atomic(let body):
                var inner = slots
                if let end = try run(body, at: position, slots: &inner) {
                    for slot in slots.indices where inner[slot] != slots[slot] { setSlot(slot, inner[slot], &stack, &slots) }
                    position = end
                } else {
                    advance = false
                }
            case .match:
                let pinned = requiredEnd.map { $0 == position } ?? true
                let empty = forbidEmptyAt == start && position == start
                if pinned, !empty { return position }
                advance = false
            }
            if advance {
                pc += 1
                continue
            }
            // Backtrack: undo slot writes back to the latest choice point.
            var resumed = false
            while let frame = stack.popLast() {
                switch frame {
                case .restore(let slot, let value): slots[slot] = value
                case .retry(let retryPC, let retryPosition):
                    pc = retryPC
                    position = retryPosition
                    resumed = true
                }
                if resumed { break }
            }
            if !resumed { return nil }
        }
    }

    private func holds(_ anchor: RegexAnchor, at position: Int) -> Bool {
        let count = text.count
        switch anchor {
        case .textStart: return position == 0
        case .textEnd: return position == count
        case .lineStart: return position == 0 || text[position - 1] == "\n"
        case .lineEnd: return position == count || text[position] == "\n"
        case .endOrFinalNewline: return position == count || (position == count - 1 && text[position] == "\n")
        case .wordBoundary(let ascii): return isBoundary(at: position, ascii: ascii)
        case .notWordBoundary(let ascii): return !isBoundary(at: position, ascii: ascii)
        }
    }

    private func isBoundary(at position: Int, ascii: Bool) -> Bool {
        let before = position > 0 && ScalarClass.isWord(text[position - 1], ascii: ascii)
        let after = position < text.count && ScalarClass.isWord(text[position], ascii: ascii)
        return before != after
    }

    /// A group that did not take part makes the reference fail, as in Python.
    private func matchBackreference(_ group: Int, fold: Bool, at position: Int, slots: [Int]) -> Int? {
        let start = slots[2 * group]
        let end = slots[2 * group + 1]
        guard start >= 0, end >= start else { return nil }
        let length = end - start
        guard position + length <= text.count else { return nil }
        for offset in 0..<length where !ScalarClass.equal(text[start + offset], text[position + offset], fold: fold) {
            return nil
        }
        return position + length
    }
}
