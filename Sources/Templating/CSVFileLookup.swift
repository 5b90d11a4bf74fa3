import Values

/// The `csvfile` lookup: the `col` column of the first row whose `keycol` column equals the
/// search key, in a CSV (by default tab-separated) file found like the `file` lookup's. Options
/// come as keywords or inside a term (`'Li file=elements.csv delimiter=,'`); options given in a
/// term stay set for the terms after it, as in ansible-core.
struct CSVFileLookup {
    static let optionNames: Set<String> = ["file", "delimiter", "col", "keycol", "default", "encoding"]

    let call: LookupCall
    var file: Value = "ansible.csv"
    var delimiter: Value = "TAB"
    var column: Value = "1"
    var keyColumn: Value = 0
    var fallback: Value?
    var encoding: Value = "utf-8"

    init(_ call: LookupCall) {
        self.call = call
        for (name, value) in call.keywords where !value.isNull || name == "default" {
            set(name, value)
        }
    }

    private mutating func set(_ name: String, _ value: Value) {
        switch name {
        case "file": file = value
        case "delimiter": delimiter = value
        case "col": column = value
        case "keycol": keyColumn = value
        case "default": fallback = value.isNull ? nil : value
        case "encoding": encoding = value
        default: break  // ansible-core ignores keywords it does not know
        }
    }

    mutating func run() throws(TemplateFailure) -> [Value] {
        guard !call.terms.isEmpty else { throw call.fail("Search key is required but was not found") }
        var results: [Value] = []
        for term in call.terms {
            let parsed = try LookupTermOptions(term.pythonString, for: call)
            guard let key = parsed.key else { throw call.fail("Search key is required but was not found") }
            for (name, value) in parsed.options {
                guard Self.optionNames.contains(name) else { throw call.fail("\(name) is not a valid option") }
                set(name, .string(value))
            }
            if let found = try find(key) {
                results.append(.string(found))
            } else if let fallback {
                results += fallback.listValue ?? [fallback]
            }
        }
        return results
    }

    private func find(_ key: String) throws(TemplateFailure) -> String? {
        let keyIndex = try integer(keyColumn)
        // `col` is read only once a row matches, so a bad one matters only then.
        let columnIndex = try? integer(column)
        let separator = delimiter.pythonString == "TAB" ? "\t" : delimiter.pythonString
        guard separator.count == 1, let character = separator.first else {
            throw call.fail("csvfile: \"delimiter\" must be a 1-character string")
        }
        let name = file.pythonString
        let text = try FileEncoding.read(name, encoding: encoding, call: call)
        var found: String?
        var matched = false
        var problem: String?
        // The first row whose key column holds the key decides, as in ansible-core: a row too
        // short for the key column, or the matching row too short for `col`, is an error.
        do throws(CSVRecords.Problem) {
            try CSVRecords(delimiter: character).read(text) { row in
                guard !row.isEmpty else { return false }
                guard let keyField = Self.element(row, keyIndex) else {
                    problem = "list index out of range (a row of '\(name)' has \(Self.columns(row.count)), keycol is \(keyIndex))"
                    return true
                }
                guard keyField == key else { return false }
                matched = true
                guard let columnIndex else { return true }
                found = Self.element(row, columnIndex)
                if found == nil {
                    problem = "list index out of range (the row of '\(key)' has \(Self.columns(row.count)), col is \(columnIndex))"
                }
                return true
            }
        } catch {
            throw call.fail("csvfile: \(error.message)")
        }
        if let problem { throw call.fail("csvfile: " + problem) }
        if found == nil, columnIndex == nil, matched { _ = try integer(column) }
        return found
    }

    /// `row[index]` with Python's negative indices counting from the end.
    private static func element(_ row: [String], _ index: Int) -> String? {
        let position = index < 0 ? row.count + index : index
        return row.indices.contains(position) ? row[position] : nil
    }

    /// Python's `int(value)`: a whole number, a float cut toward zero, a boolean, or text
    /// holding a whole number; the error names the value as Python does.
    private func integer(_ value: Value) throws(TemplateFailure) -> Int {
        switch value {
        case .int(let number): return number
        case .bool(let flag): return flag ? 1 : 0
        case .double(let number) where number.isFinite && abs(number) < 9e18: return Int(number)
        default:
            let text = PythonStrings.strip(value.pythonString, characters: nil)
            let digits = (text.hasPrefix("+") ? String(text.dropFirst()) : text).replacing("_", with: "")
            guard !text.hasPrefix("_"), !text.hasSuffix("_"), !text.contains("__"), let number = Int(digits) else {
                throw call.fail("csvfile: invalid literal for int() with base 10: \(Value.pythonStringRepr(value.pythonString))")
            }
            return number
        }
    }

    private static func columns(_ count: Int) -> String { count == 1 ? "1 column" : "\(count) columns" }
}
