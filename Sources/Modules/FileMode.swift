/// A file mode as modules accept it: octal (`"0644"`, `"644"`), symbolic (`u=rw,g=r,o=r`,
/// `a+X`, `g=u`) or `preserve` (keep the source's mode, for `copy`).
///
/// Symbolic modes depend on the file's current mode, which only the target knows. They are
/// therefore compiled here into POSIX shell arithmetic over the current mode — the remote program
/// stays small, and the arithmetic contains only digits and operators this type produced.
public enum FileMode: Sendable, Hashable {
    case octal(UInt16)
    case symbolic([Clause])
    case preserve

    public struct Clause: Sendable, Hashable {
        /// Which classes the clause changes: any of `u`, `g`, `o` (empty means all three, no umask, as in Ansible).
        public var who: Set<Character>
        public var operations: [Operation]
    }

    public struct Operation: Sendable, Hashable {
        /// `+`, `-` or `=`.
        public var op: Character
        /// Any of `r w x X s t`, or exactly one of `u g o` (copy that class's bits).
        public var permissions: [Character]
    }

    public init?(parsing text: String) {
        if text == "preserve" {
            self = .preserve
            return
        }
        if !text.isEmpty, text.count <= 5, text.allSatisfy({ ("0"..."7").contains($0) }),
            let value = UInt16(text, radix: 8), value <= 0o7777
        {
            self = .octal(value)
            return
        }
        var clauses: [Clause] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let clause = FileMode.parseClause(Substring(part)) else { return nil }
            clauses.append(clause)
        }
        guard !clauses.isEmpty else { return nil }
        self = .symbolic(clauses)
    }

    private static func parseClause(_ text: Substring) -> Clause? {
        var rest = text
        var who = Set<Character>()
        while let c = rest.first, "ugoa".contains(c) {
            if c == "a" { who.formUnion(["u", "g", "o"]) } else { who.insert(c) }
            rest = rest.dropFirst()
        }
        var operations: [Operation] = []
        while let op = rest.first {
            guard "+-=".contains(op) else { return nil }
            rest = rest.dropFirst()
            var permissions: [Character] = []
            while let c = rest.first, !"+-=".contains(c) {
                guard "rwxXstugo".contains(c) else { return nil }
                permissions.append(c)
                rest = rest.dropFirst()
            }
            let copies = permissions.filter { "ugo".contains($0) }
            if !copies.isEmpty && permissions.count != 1 { return nil }
            operations.append(Operation(op: op, permissions: permissions))
        }
        guard !operations.isEmpty else { return nil }
        return Clause(who: who.isEmpty ? ["u", "g", "o"] : who, operations: operations)
    }

    /// The text modules receive: octal modes as four digits, others as written.
    public var canonicalText: String {
        switch self {
        case .octal(let value): return FileMode.octalText(value)
        case .preserve: return "preserve"
        case .symbolic(let clauses):
            return clauses.map { clause in
                let who = String(["u", "g", "o"].filter { clause.who.contains($0) })
                return who + clause.operations.map { String($0.op) + String($0.permissions) }.joined()
            }.joined(separator: ",")
        }
    }

    public static func octalText(_ value: UInt16) -> String {
        let digits = String(value, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    // Bits per class: read, write, execute, and the special bit the class owns.
    private static func classBits(_ who: Character) -> (r: UInt16, w: UInt16, x: UInt16, s: UInt16, t: UInt16) {
        switch who {
        case "u": return (0o400, 0o200, 0o100, 0o4000, 0)
        case "g": return (0o040, 0o020, 0o010, 0o2000, 0)
        default: return (0o004, 0o002, 0o001, 0, 0o1000)
        }
    }

    private static func shift(_ who: Character) -> UInt16 {
        who == "u" ? 6 : who == "g" ? 3 : 0
    }

    /// The mode a file ends up with: `current` is its mode now (or the default for a new file).
    public func apply(to current: UInt16, isDirectory: Bool) -> UInt16 {
        switch self {
        case .octal(let value): return value
        case .preserve: return current
        case .symbolic(let clauses):
            var mode = current & 0o7777
            for clause in clauses {
                for operation in clause.operations {
                    var bits: UInt16 = 0
                    var clearMask: UInt16 = 0
                    for who in clause.who {
                        let c = FileMode.classBits(who)
                        clearMask |= c.r | c.w | c.x | c.s | c.t
                        for p in operation.permissions {
                            switch p {
                            case "r": bits |= c.r
                            case "w": bits |= c.w
                            case "x": bits |= c.x
                            case "X": if isDirectory || mode & 0o111 != 0 { bits |= c.x }
                            case "s": bits |= c.s
                            case "t": bits |= c.t
                            default:  // copy another class's rwx into this class
                                let copied = (mode >> FileMode.shift(p)) & 0o7
                                bits |= copied << FileMode.shift(who)
                            }
                        }
                    }
                    switch operation.op {
                    case "+": mode |= bits
                    case "-": mode &= ~bits
                    default: mode = (mode & ~clearMask) | bits
                    }
                }
            }
            return mode
        }
    }

    /// POSIX `sh` statements that turn `$m` (the current mode as a number) into the new mode,
    /// with `$d` = 1 for a directory. Mirrors `apply(to:isDirectory:)` step for step.
    public var shellStatements: String {
        switch self {
        case .octal(let value): return "m=\(FileMode.octalLiteral(value))"
        case .preserve: return ":"
        case .symbolic(let clauses):
            var statements: [String] = []
            for clause in clauses {
                for operation in clause.operations {
                    var terms: [String] = []
                    var fixed: UInt16 = 0
                    var clearMask: UInt16 = 0
                    for who in ["u", "g", "o"] as [Character] where clause.who.contains(who) {
                        let c = FileMode.classBits(who)
                        clearMask |= c.r | c.w | c.x | c.s | c.t
                        for p in operation.permissions {
                            switch p {
                            case "r": fixed |= c.r
                            case "w": fixed |= c.w
                            case "x": fixed |= c.x
                            case "s": fixed |= c.s
                            case "t": fixed |= c.t
                            case "X": terms.append("((d || (m & 0111) != 0) ? \(FileMode.octalLiteral(c.x)) : 0)")
                            default:
                                let from = FileMode.shift(p)
                                let to = FileMode.shift(who)
                                terms.append("(((m >> \(from)) & 7) << \(to))")
                            }
                        }
                    }
                    let bits = ([FileMode.octalLiteral(fixed)] + terms).joined(separator: " | ")
                    switch operation.op {
                    case "+": statements.append("b=$(( \(bits) )); m=$(( m | b ))")
                    case "-": statements.append("b=$(( \(bits) )); m=$(( m & ~b ))")
                    default:
                        statements.append(
                            "b=$(( \(bits) )); m=$(( (m & ~\(FileMode.octalLiteral(clearMask))) | b ))")
                    }
                }
            }
            return statements.joined(separator: "; ")
        }
    }

    private static func octalLiteral(_ value: UInt16) -> String {
        "0" + String(value, radix: 8)
    }
}
