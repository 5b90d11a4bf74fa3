#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Diagnostics

/// Turns config text into conditional settings, following `Include` (bounded depth) and
/// collecting every problem of every file rather than stopping at the first.
struct SSHConfigParser {
    let includeDirectory: String
    var settings: [SSHConfig.Setting] = []
    var diagnostics: [Diagnostic] = []

    static let maximumIncludeDepth = 16

    init(includeDirectory: String) {
        self.includeDirectory = includeDirectory
    }

    mutating func parse(_ text: String, file: String, outer: [SSHConfig.Condition], depth: Int) {
        var current = outer
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            guard let (keyword, column, arguments) = splitLine(line, file: file, line: lineNumber) else { continue }
            let mark = Mark(file: file, line: lineNumber, column: column)
            switch keyword {
            case "host":
                guard !arguments.isEmpty else {
                    diagnostics.append(.error(.syntax, "'Host' needs at least one pattern", at: mark))
                    continue
                }
                current = outer + [.hostPatterns(arguments)]
            case "match":
                current = outer + [matchCondition(arguments, mark: mark)]
            case "include":
                for argument in arguments {
                    include(argument, conditions: current, depth: depth, mark: mark)
                }
            default:
                guard validate(keyword, arguments, mark: mark) else { continue }
                settings.append(.init(conditions: current, keyword: keyword, arguments: arguments, mark: mark))
            }
        }
    }

    private mutating func matchCondition(_ arguments: [String], mark: Mark) -> SSHConfig.Condition {
        let criteria = arguments.map { $0.lowercased() }
        if criteria == ["all"] { return .hostPatterns(["*"]) }
        if criteria.count == 2, criteria[0] == "host" {
            return .hostPatterns(arguments[1].split(separator: ",").map(String.init))
        }
        diagnostics.append(
            Diagnostic(
                .warning, kind: .other, "'Match \(arguments.joined(separator: " "))' is not supported",
                at: mark, hint: "the options of this block are ignored; use a 'Host' block"))
        return .unsupported
    }

    private mutating func include(_ pattern: String, conditions: [SSHConfig.Condition], depth: Int, mark: Mark) {
        guard depth < Self.maximumIncludeDepth else {
            diagnostics.append(.error(.limit, "'Include' nested more than \(Self.maximumIncludeDepth) deep", at: mark))
            return
        }
        var path = PathExpansion.expandTilde(pattern)
        if !path.hasPrefix("/") { path = includeDirectory + "/" + path }
        for file in Self.glob(path) {
            guard let text = FileText.read(file) else { continue }
            parse(text, file: file, outer: conditions, depth: depth + 1)
        }
    }

    /// Values are checked once here, so `resolve` can apply them without failing.
    private mutating func validate(_ keyword: String, _ arguments: [String], mark: Mark) -> Bool {
        let known = [
            "hostname", "user", "port", "identityfile", "identitiesonly", "proxyjump",
            "stricthostkeychecking", "userknownhostsfile", "connecttimeout",
        ]
        guard known.contains(keyword) else { return true }
        guard let first = arguments.first else {
            diagnostics.append(.error(.missingArgument, "'\(keyword)' needs a value", at: mark))
            return false
        }
        var problem: String?
        switch keyword {
        case "port":
            if Int(first).map({ !(1...65535).contains($0) }) ?? true { problem = "'\(first)' is not a port number" }
        case "identitiesonly":
            if Self.yesNo(first) == nil { problem = "IdentitiesOnly must be 'yes' or 'no', not '\(first)'" }
        case "stricthostkeychecking":
            if Self.policy(first) == nil {
                diagnostics.append(
                    .error(
                        .badChoice, "unknown StrictHostKeyChecking value '\(first)'", at: mark,
                        hint: Suggestion.didYouMean(first, in: ["yes", "no", "ask", "accept-new", "off"])))
                return false
            }
        case "connecttimeout":
            if Double(first).map({ $0 <= 0 }) ?? true { problem = "'\(first)' is not a number of seconds" }
        case "proxyjump":
            if first.lowercased() != "none",
                first.split(separator: ",").contains(where: { SSHConfigEntry.Hop.parse(String($0)) == nil })
            {
                problem = "'\(first)' is not a list of [user@]host[:port]"
            }
        default: break
        }
        if let problem {
            diagnostics.append(.error(.wrongType, problem, at: mark))
            return false
        }
        return true
    }

    static func yesNo(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "yes", "true": return true
        case "no", "false": return false
        default: return nil
        }
    }

    static func policy(_ value: String) -> HostKeyPolicy? {
        switch value.lowercased() {
        case "yes", "ask", "true": return .strict
        case "accept-new": return .acceptNew
        case "no", "off", "false": return .off
        default: return nil
        }
    }

    /// Splits `Keyword value…` or `Keyword=value…` into a lowercased keyword, its column and
    /// arguments (double quotes group words); nil for blank and comment lines.
    private mutating func splitLine(_ line: Substring, file: String, line number: Int)
        -> (String, Int, [String])?
    {
        var words: [String] = []
        var firstColumn = 0
        var current = ""
        var inWord = false
        var inQuotes = false
        var quoteColumn = 0
        var column = 0
        for character in line {
            column += 1
            if !inQuotes, words.isEmpty, !inWord, character == "#" { return nil }
            if character == "\"" {
                inQuotes.toggle()
                if inQuotes { quoteColumn = column }
                inWord = true
                if firstColumn == 0 { firstColumn = column }
                continue
            }
            let separatesKeyword = character == "=" && words.isEmpty && !inQuotes
            if !inQuotes, character == " " || character == "\t" || separatesKeyword {
                if inWord { words.append(current) }
                current = ""
                inWord = false
                continue
            }
            if firstColumn == 0 { firstColumn = column }
            current.append(character)
            inWord = true
        }
        if inQuotes {
            diagnostics.append(
                .error(.syntax, "unterminated quote", at: Mark(file: file, line: number, column: quoteColumn)))
            return nil
        }
        if inWord { words.append(current) }
        guard let keyword = words.first else { return nil }
        return (keyword.lowercased(), firstColumn, Array(words.dropFirst()))
    }

    static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { index in
            result.gl_pathv[index].map { String(cString: $0) }
        }
    }
}
