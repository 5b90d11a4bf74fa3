/// Reads a POSIX shell program line by line, far enough to tell which lines start outside every
/// quote, substitution and here-document (so their indentation, or the whole line when it is a
/// comment or blank, means nothing to the shell) and which must keep every byte.
///
/// It is no parser: it follows quotes with their backslash escapes, `$( )`, `${ }`, `$(( ))`,
/// comments and here-document operators, which is all that decides where a line starts. Where
/// the shell's reading could depend on more (backquotes, `case` inside `$( )`, a here-string, a
/// `'` inside `"${ }"`, a backslash ending a line of an expanding here-document body), it stops
/// trusting itself and every later line is protected.
public struct ShellLineScanner: Sendable {
    var stack: [ShellContext] = []
    /// Here-documents asked for on the current line; their bodies start on the next one.
    var pending: [HereDocument] = []
    /// Here-documents whose bodies are being read, in the order they were asked for.
    var bodies: [HereDocument] = []
    /// The last line ended in an unquoted backslash: the next one continues its last word.
    var continues = false
    /// A `#` here would start a comment: nothing but blanks or an operator since the last word.
    var atWordStart = true
    var unsure = false

    public init() {}

    /// The kind of every line of `text`, lines as `"\n"` separates them.
    public static func classify(_ text: String) -> [ShellLineKind] {
        classify(lines: lines(of: Array(text.utf8)))
    }

    public static func classify(lines: [ArraySlice<UInt8>]) -> [ShellLineKind] {
        var scanner = ShellLineScanner()
        return lines.map { scanner.next($0) }
    }

    /// `bytes` cut at every `"\n"`, the newlines dropped; a final newline leaves an empty last line.
    public static func lines(of bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    }

    /// Classifies the next line and moves past it.
    public mutating func next(_ line: ArraySlice<UInt8>) -> ShellLineKind {
        if unsure { return .protected }
        if let body = bodies.first {
            if body.isEnd(line) {
                bodies.removeFirst()
            } else if body.expands && line.last == UInt8(ascii: "\\") {
                // The shell may join this line with the next before looking for the delimiter.
                unsure = true
            }
            return .protected
        }
        let kind: ShellLineKind
        if continues || !stack.isEmpty {
            kind = .protected
        } else {
            let text = line.drop(while: \.isBlank)
            if text.isEmpty { return .blank }
            if text.first == UInt8(ascii: "#") { return .comment }
            kind = .code
        }
        scan(line)
        return kind
    }

    private var inCommands: Bool {
        switch stack.last {
        case nil, .substitution: return true
        default: return false
        }
    }

    private mutating func scan(_ line: ArraySlice<UInt8>) {
        continues = false
        var index = line.startIndex
        while index < line.endIndex && !unsure {
            switch stack.last {
            case nil, .substitution: index = stepCommands(line, index)
            case .singleQuote: index = stepSingleQuoted(line, index)
            case .doubleQuote: index = stepDoubleQuoted(line, index)
            case .parameter(let quoted): index = stepParameter(line, index, quoted: quoted)
            case .arithmetic(let depth): index = stepArithmetic(line, index, depth: depth)
            }
        }
        guard !unsure else { return }
        if continues {
            // The newline is gone: a here-document asked for here starts after a later one.
            if !pending.isEmpty { unsure = true }
        } else if inCommands {
            atWordStart = true
            bodies += pending
            pending = []
        } else if !pending.isEmpty {
            // A newline inside quotes does not start a body; the shell's reading is not ours to guess.
            unsure = true
        }
    }

    private mutating func stepSingleQuoted(_ line: ArraySlice<UInt8>, _ index: Int) -> Int {
        guard let close = line[index...].firstIndex(of: UInt8(ascii: "'")) else { return line.endIndex }
        stack.removeLast()
        atWordStart = false
        return close + 1
    }

    private mutating func stepDoubleQuoted(_ line: ArraySlice<UInt8>, _ index: Int) -> Int {
        switch line[index] {
        case UInt8(ascii: "\\"):
            return min(index + 2, line.endIndex)
        case UInt8(ascii: "\""):
            stack.removeLast()
            atWordStart = false
            return index + 1
        case UInt8(ascii: "$"):
            return stepDollar(line, index, quoted: true)
        case UInt8(ascii: "`"):
            unsure = true
            return line.endIndex
        default:
            return index + 1
        }
    }

    private mutating func stepParameter(_ line: ArraySlice<UInt8>, _ index: Int, quoted: Bool) -> Int {
        switch line[index] {
        case UInt8(ascii: "\\"):
            return min(index + 2, line.endIndex)
        case UInt8(ascii: "}"):
            stack.removeLast()
            atWordStart = false
            return index + 1
        case UInt8(ascii: "'"):
            // Inside `"${ }"` one shell takes `'` for a quote and another for a letter.
            if quoted { unsure = true } else { stack.append(.singleQuote) }
            return index + 1
        case UInt8(ascii: "\""):
            stack.append(.doubleQuote)
            return index + 1
        case UInt8(ascii: "$"):
            return stepDollar(line, index, quoted: quoted)
        case UInt8(ascii: "`"):
            unsure = true
            return line.endIndex
        default:
            return index + 1
        }
    }

    private mutating func stepArithmetic(_ line: ArraySlice<UInt8>, _ index: Int, depth: Int) -> Int {
        switch line[index] {
        case UInt8(ascii: "("):
            stack[stack.count - 1] = .arithmetic(depth: depth + 1)
            return index + 1
        case UInt8(ascii: ")"):
            if depth > 0 {
                stack[stack.count - 1] = .arithmetic(depth: depth - 1)
                return index + 1
            }
            guard index + 1 < line.endIndex, line[index + 1] == UInt8(ascii: ")") else {
                unsure = true
                return line.endIndex
            }
            stack.removeLast()
            atWordStart = false
            return index + 2
        case UInt8(ascii: "$"):
            return stepDollar(line, index, quoted: true)
        case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"):
            unsure = true
            return line.endIndex
        default:
            return index + 1
        }
    }

    /// `$(`, `$((` and `${` open a context; any other `$` is a byte of the word.
    mutating func stepDollar(_ line: ArraySlice<UInt8>, _ index: Int, quoted: Bool) -> Int {
        let next = index + 1 < line.endIndex ? line[index + 1] : nil
        if next == UInt8(ascii: "(") {
            if index + 2 < line.endIndex && line[index + 2] == UInt8(ascii: "(") {
                stack.append(.arithmetic(depth: 0))
                return index + 3
            }
            stack.append(.substitution(depth: 0))
            atWordStart = true
            return index + 2
        }
        if next == UInt8(ascii: "{") {
            stack.append(.parameter(quoted: quoted))
            return index + 2
        }
        atWordStart = false
        return index + 1
    }
}
