import Values

/// INI text read as Python's `configparser.ConfigParser` reads it (Python 3.11, the rules the
/// `ini` lookup follows): `[section]` headers, `name = value` or `name: value` options, `#` and
/// `;` comment lines, indented lines continuing a value, option names lowercased unless case
/// sensitive, a `[DEFAULT]` section whose options every section inherits, and, strictly, no
/// section or option given twice in one text. Several texts read into one document merge.
struct INIDocument {
    /// Options in the order they were first given; `nil` is an option written without a value.
    struct Options {
        private(set) var names: [String] = []
        private var values: [String: String?] = [:]

        subscript(name: String) -> String?? {
            get { values[name] }
            set {
                if values[name] == nil, newValue != nil { names.append(name) }
                values[name] = newValue
                if newValue == nil { names.removeAll { $0 == name } }
            }
        }
    }

    static let defaultSection = "DEFAULT"

    let allowsNoValue: Bool
    let isCaseSensitive: Bool
    private(set) var defaults = Options()
    private var sections: [String: Options] = [:]

    init(allowsNoValue: Bool, isCaseSensitive: Bool) {
        self.allowsNoValue = allowsNoValue
        self.isCaseSensitive = isCaseSensitive
    }

    func optionName(_ name: String) -> String { isCaseSensitive ? name : name.lowercased() }

    func section(_ name: String) -> Options? {
        name == Self.defaultSection ? Options() : sections[name]
    }

    /// Reads `text` into the document, line numbers counted from 1, as `read_file` does. The
    /// first structural error stops the reading; lines that are neither a header nor an option
    /// are collected and reported together at the end.
    mutating func read(_ text: String) throws(INIProblem) {
        var added = Set<String>()
        var current: String?
        var option: String?
        var pending: [String: [String]] = [:]
        var indentLevel = 0
        var badLines: [(Int, String)] = []
        // Lines end at `\n` only, as Python's StringIO splits them; a `\r` before it is stripped.
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            let isLast = index == lines.count - 1
            if isLast, rawLine.isEmpty { break }
            let line = String(String.UnicodeScalarView(rawLine)) + (isLast ? "" : "\n")
            let lineNumber = index + 1
            let stripped = PythonStrings.strip(line, characters: nil)
            if stripped.isEmpty || stripped.hasPrefix("#") || stripped.hasPrefix(";") {
                // A blank line belongs to the value being read; a comment line does not.
                if stripped.isEmpty, current != nil, let option, pending[Self.key(current, option)] != nil {
                    pending[Self.key(current, option), default: []].append("")
                }
                continue
            }
            let indent = line.prefix { PythonStrings.isSpace($0) }.count
            if current != nil, let option, indent > indentLevel {
                if pending[Self.key(current, option)] != nil {
                    pending[Self.key(current, option), default: []].append(stripped)
                } else {
                    throw .continuationOfValueless(option: option, line: lineNumber)
                }
                continue
            }
            indentLevel = indent
            if stripped.hasPrefix("["), let close = stripped.lastIndex(of: "]"),
                stripped.index(after: stripped.startIndex) < close
            {
                let name = String(stripped[stripped.index(after: stripped.startIndex)..<close])
                if name != Self.defaultSection {
                    if sections[name] != nil {
                        if added.contains(name) { throw .duplicateSection(name, line: lineNumber) }
                    } else {
                        sections[name] = Options()
                    }
                    added.insert(name)
                }
                current = name
                option = nil
                continue
            }
            guard let section = current else { throw .missingSectionHeader(line: lineNumber, text: line) }
            guard let (rawName, value) = Self.splitOption(stripped, allowsNoValue: allowsNoValue) else {
                badLines.append((lineNumber, line))
                continue
            }
            if rawName.isEmpty { badLines.append((lineNumber, line)) }
            let name = optionName(PythonStrings.strip(rawName, characters: nil, leading: false))
            let addedKey = Self.key(section, name)
            if added.contains(addedKey) { throw .duplicateOption(name, section: section, line: lineNumber) }
            added.insert(addedKey)
            option = name
            pending[addedKey] = value.map { [PythonStrings.strip($0, characters: nil)] }
            set(section, name, value == nil ? .some(nil) : "")
        }
        for (key, parts) in pending {
            guard let separator = key.firstIndex(of: "\u{0}") else { continue }
            let joined = PythonStrings.strip(parts.joined(separator: "\n"), characters: nil, leading: false)
            set(String(key[..<separator]), String(key[key.index(after: separator)...]), joined)
        }
        if !badLines.isEmpty { throw .parsing(badLines) }
    }

    private mutating func set(_ section: String, _ name: String, _ value: String??) {
        if section == Self.defaultSection {
            defaults[name] = value
        } else {
            sections[section]?[name] = value
        }
    }

    private static func key(_ section: String?, _ option: String) -> String { (section ?? "") + "\u{0}" + option }

    /// `name = value` split at its first `=` or `:`; without either, a name alone when values
    /// may be left out.
    private static func splitOption(_ line: String, allowsNoValue: Bool) -> (String, String?)? {
        guard let delimiter = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
            return allowsNoValue ? (line, nil) : nil
        }
        return (String(line[..<delimiter]), String(line[line.index(after: delimiter)...]))
    }
}

/// Why an INI text could not be read, worded as Python's `configparser` words it; the text is
/// named `<???>` there, as the lookup hands it over without a name.
enum INIProblem: Error, Equatable {
    case missingSectionHeader(line: Int, text: String)
    case duplicateSection(String, line: Int)
    case duplicateOption(String, section: String, line: Int)
    case continuationOfValueless(option: String, line: Int)
    case parsing([(Int, String)])

    static func == (lhs: INIProblem, rhs: INIProblem) -> Bool { lhs.message == rhs.message }

    var message: String {
        func at(_ line: Int) -> String { "While reading from '<???>' [line \(line < 10 ? " " : "")\(line)]" }
        switch self {
        case .missingSectionHeader(let line, let text):
            return "File contains no section headers.\nfile: '<???>', line: \(line)\n\(Value.pythonStringRepr(text))"
        case .duplicateSection(let name, let line):
            return "\(at(line)): section \(Value.pythonStringRepr(name)) already exists"
        case .duplicateOption(let name, let section, let line):
            return "\(at(line)): option \(Value.pythonStringRepr(name)) in section \(Value.pythonStringRepr(section)) already exists"
        case .continuationOfValueless(let option, let line):
            return "line \(line): option \(Value.pythonStringRepr(option)) has no value to continue"
        case .parsing(let lines):
            return "Source contains parsing errors: '<???>'"
                + lines.map { "\n\t[line \($0.0 < 10 ? " " : "")\($0.0)]: \(Value.pythonStringRepr($0.1))" }.joined()
        }
    }
}
