extension ShellLineScanner {
    /// One step outside quotes, at the top of the program or inside `$( )`.
    mutating func stepCommands(_ line: ArraySlice<UInt8>, _ index: Int) -> Int {
        let byte = line[index]
        switch byte {
        case UInt8(ascii: "\\"):
            if index + 1 == line.endIndex {
                continues = true
                return line.endIndex
            }
            atWordStart = false
            return index + 2
        case UInt8(ascii: "'"):
            stack.append(.singleQuote)
            atWordStart = false
            return index + 1
        case UInt8(ascii: "\""):
            stack.append(.doubleQuote)
            atWordStart = false
            return index + 1
        case UInt8(ascii: "`"):
            unsure = true
            return line.endIndex
        case UInt8(ascii: "$"):
            return stepDollar(line, index, quoted: false)
        case UInt8(ascii: "#") where atWordStart:
            // A comment runs to the end of the line, whatever quotes it holds.
            return line.endIndex
        case UInt8(ascii: "<") where index + 1 < line.endIndex && line[index + 1] == UInt8(ascii: "<"):
            return readHereDocumentOperator(line, index + 2)
        case UInt8(ascii: "("):
            if case .substitution(let depth)? = stack.last {
                stack[stack.count - 1] = .substitution(depth: depth + 1)
            }
            atWordStart = true
            return index + 1
        case UInt8(ascii: ")"):
            if case .substitution(let depth)? = stack.last {
                if depth == 0 {
                    stack.removeLast()
                    atWordStart = false
                    return index + 1
                }
                stack[stack.count - 1] = .substitution(depth: depth - 1)
            }
            atWordStart = true
            return index + 1
        default:
            if byte.endsWord {
                atWordStart = true
            } else {
                // A `case` pattern's `)` would close the `$( )` as far as counting goes.
                if atWordStart, case .substitution? = stack.last, startsCase(line, index) { unsure = true }
                atWordStart = false
            }
            return index + 1
        }
    }

    private func startsCase(_ line: ArraySlice<UInt8>, _ index: Int) -> Bool {
        let word = Array("case".utf8)
        let end = index + word.count
        guard end <= line.endIndex, line[index..<end].elementsEqual(word) else { return false }
        return end == line.endIndex || line[end].endsWord
    }

    /// After `<<`: the optional `-`, blanks, and the delimiter word, its quotes removed.
    private mutating func readHereDocumentOperator(_ line: ArraySlice<UInt8>, _ start: Int) -> Int {
        var index = start
        if index < line.endIndex && line[index] == UInt8(ascii: "<") {
            // `<<<` is no POSIX operator.
            unsure = true
            return line.endIndex
        }
        var stripsTabs = false
        if index < line.endIndex && line[index] == UInt8(ascii: "-") {
            stripsTabs = true
            index += 1
        }
        while index < line.endIndex && line[index].isBlank { index += 1 }
        var delimiter: [UInt8] = []
        var quoted = false
        while index < line.endIndex && !line[index].endsWord && !unsure {
            switch line[index] {
            case UInt8(ascii: "'"):
                guard let close = line[(index + 1)...].firstIndex(of: UInt8(ascii: "'")) else {
                    unsure = true
                    break
                }
                delimiter += line[(index + 1)..<close]
                quoted = true
                index = close + 1
            case UInt8(ascii: "\""):
                index = readDoubleQuotedDelimiter(line, index + 1, into: &delimiter)
                quoted = true
            case UInt8(ascii: "\\"):
                guard index + 1 < line.endIndex else {
                    unsure = true
                    break
                }
                delimiter.append(line[index + 1])
                quoted = true
                index += 2
            case UInt8(ascii: "$"), UInt8(ascii: "`"):
                unsure = true
            default:
                delimiter.append(line[index])
                index += 1
            }
        }
        if delimiter.isEmpty { unsure = true }
        guard !unsure else { return line.endIndex }
        pending.append(HereDocument(delimiter: delimiter, stripsTabs: stripsTabs, expands: !quoted))
        atWordStart = false
        return index
    }

    /// The inside of a `"…"` part of a delimiter word: a backslash keeps `"`, `\`, `$` and `` ` ``
    /// literal and is itself kept before anything else.
    private mutating func readDoubleQuotedDelimiter(
        _ line: ArraySlice<UInt8>, _ start: Int, into delimiter: inout [UInt8]
    ) -> Int {
        var index = start
        while index < line.endIndex {
            let byte = line[index]
            switch byte {
            case UInt8(ascii: "\""):
                return index + 1
            case UInt8(ascii: "\\"):
                guard index + 1 < line.endIndex else {
                    unsure = true
                    return line.endIndex
                }
                let escaped = line[index + 1]
                if !"\"\\$`".utf8.contains(escaped) { delimiter.append(byte) }
                delimiter.append(escaped)
                index += 2
            case UInt8(ascii: "$"), UInt8(ascii: "`"):
                unsure = true
                return line.endIndex
            default:
                delimiter.append(byte)
                index += 1
            }
        }
        unsure = true
        return line.endIndex
    }
}
