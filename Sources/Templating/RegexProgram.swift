/// One step of a compiled pattern, run by `RegexMachine`.
enum RegexInstruction: Sendable {
    case scalar(Unicode.Scalar, fold: Bool)
    case any(dotAll: Bool)
    case set(RegexSet)
    case anchor(RegexAnchor)
    /// Try `preferred` first; on failure come back and try `other`.
    case split(preferred: Int, other: Int)
    case jump(Int)
    /// Record the position in a slot: group starts and ends, and loop entry positions.
    case save(slot: Int)
    /// Fail when the loop body that began at the position in `slot` consumed nothing.
    case requireProgress(slot: Int)
    case backreference(group: Int, fold: Bool)
    /// Run a sub-program as a lookaround: lookbehind starts `width` scalars back.
    case look(program: Int, behind: Bool, negative: Bool, width: Int)
    /// Run a sub-program once and commit to its first match (`(?>…)`, possessive quantifiers).
    case atomic(program: Int)
    case match
}

/// A pattern compiled to instruction lists: `programs[0]` is the pattern, the others are the
/// bodies of lookarounds and atomic groups.
struct RegexProgram: Sendable {
    var programs: [[RegexInstruction]]
    var groupCount: Int
    /// Two slots per group (0 = the whole match), then one per loop that needs a progress check.
    var slotCount: Int
    var groupNames: [String]
    var groupIndex: [String: Int]

    /// Far beyond any playbook's pattern; stops `(a{1000}){1000}` from expanding to a million steps.
    static let maximumInstructions = 200_000

    static func compile(_ pattern: String, flags: RegexFlags) throws(RegexSyntaxError) -> RegexProgram {
        var parser = RegexParser(pattern, flags: flags)
        let tree = try parser.parse()
        var compiler = RegexCompiler(firstFreeSlot: 2 * (parser.groupCount + 1))
        let main = try compiler.program(for: .capture(tree, index: 0))
        compiler.programs[0] = compiler.programs[main]
        return RegexProgram(
            programs: compiler.programs, groupCount: parser.groupCount, slotCount: compiler.nextSlot,
            groupNames: parser.groupNames, groupIndex: parser.groupIndex)
    }
}

private struct RegexCompiler {
    var programs: [[RegexInstruction]] = [[]]
    var nextSlot: Int
    var size = 0

    init(firstFreeSlot: Int) { nextSlot = firstFreeSlot }

    mutating func program(for node: RegexNode) throws(RegexSyntaxError) -> Int {
        var code: [RegexInstruction] = []
        try emit(node, into: &code)
        code.append(.match)
        programs.append(code)
        return programs.count - 1
    }

    private mutating func append(_ instruction: RegexInstruction, to code: inout [RegexInstruction])
        throws(RegexSyntaxError)
    {
        size += 1
        guard size <= RegexProgram.maximumInstructions else {
            throw RegexSyntaxError(message: "pattern too large once its repetitions are expanded", position: 0)
        }
        code.append(instruction)
    }

    private mutating func emit(_ node: RegexNode, into code: inout [RegexInstruction]) throws(RegexSyntaxError) {
        switch node {
        case .empty: break
        case .scalar(let c, let fold): try append(.scalar(fold ? ScalarClass.lowercase(c) : c, fold: fold), to: &code)
        case .any(let dotAll): try append(.any(dotAll: dotAll), to: &code)
        case .set(let set): try append(.set(set), to: &code)
        case .anchor(let anchor): try append(.anchor(anchor), to: &code)
        case .backreference(let group, let fold): try append(.backreference(group: group, fold: fold), to: &code)
        case .sequence(let items):
            for item in items { try emit(item, into: &code) }
        case .alternation(let branches):
            var exits: [Int] = []
            for branch in branches.dropLast() {
                let split = code.count
                try append(.jump(0), to: &code)
                try emit(branch, into: &code)
                exits.append(code.count)
                try append(.jump(0), to: &code)
                code[split] = .split(preferred: split + 1, other: code.count)
            }
            try emit(branches[branches.count - 1], into: &code)
            for exit in exits { code[exit] = .jump(code.count) }
        case .capture(let inner, let index):
            try append(.save(slot: 2 * index), to: &code)
            try emit(inner, into: &code)
            try append(.save(slot: 2 * index + 1), to: &code)
        case .look(let inner, let behind, let negative):
            let body = try program(for: inner)
            try append(.look(program: body, behind: behind, negative: negative, width: inner.fixedWidth ?? 0), to: &code)
        case .atomic(let inner):
            try append(.atomic(program: try program(for: inner)), to: &code)
        case .repetition(let inner, let min, let max, let mode):
            if mode == .possessive {
                try emit(.atomic(.repetition(inner, min: min, max: max, mode: .greedy)), into: &code)
                return
            }
            for _ in 0..<min { try emit(inner, into: &code) }
            if let max {
                try emitOptional(inner, times: max - min, lazy: mode == .lazy, into: &code)
            } else {
                try emitStar(inner, lazy: mode == .lazy, into: &code)
            }
        }
    }

    /// `x?x?x?` nested so that once one optional copy fails the rest are skipped.
    private mutating func emitOptional(_ inner: RegexNode, times: Int, lazy: Bool, into code: inout [RegexInstruction])
        throws(RegexSyntaxError)
    {
        var splits: [Int] = []
        for _ in 0..<times {
            splits.append(code.count)
            try append(.jump(0), to: &code)
            try emit(inner, into: &code)
        }
        let end = code.count
        for split in splits {
            code[split] = lazy ? .split(preferred: end, other: split + 1) : .split(preferred: split + 1, other: end)
        }
    }

    private mutating func emitStar(_ inner: RegexNode, lazy: Bool, into code: inout [RegexInstruction])
        throws(RegexSyntaxError)
    {
        let loop = code.count
        try append(.jump(0), to: &code)
        var progressSlot: Int?
        if inner.canBeEmpty {
            progressSlot = nextSlot
            nextSlot += 1
            try append(.save(slot: nextSlot - 1), to: &code)
        }
        try emit(inner, into: &code)
        if let progressSlot { try append(.requireProgress(slot: progressSlot), to: &code) }
        try append(.jump(loop), to: &code)
        let end = code.count
        code[loop] = lazy ? .split(preferred: end, other: loop + 1) : .split(preferred: loop + 1, other: end)
    }
}
