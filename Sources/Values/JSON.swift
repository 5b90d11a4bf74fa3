import Synchronization

/// JSON as playbooks meet it: module results, `-e '{"k": 1}'`, `to_json` / `from_json`.
///
/// Parsing is strict RFC 8259 (a module printing almost-JSON is a failed module, not a guess).
/// Serialization follows Python's `json.dumps`, because Ansible users compare our output with
/// what `to_json`, `to_nice_json` and the console callback print.
public enum JSON {
    /// Nesting deeper than this is refused: a hostile or broken document must not exhaust the stack.
    public static let maximumDepth = 512

    public static func parse(_ text: String) throws(JSONError) -> Value {
        var parser = JSONParser(bytes: Array(text.utf8), maximumDepth: maximumDepth)
        return try parser.parseDocument()
    }

    public static func parse(bytes: some Collection<UInt8>) throws(JSONError) -> Value {
        var parser = JSONParser(bytes: Array(bytes), maximumDepth: maximumDepth)
        return try parser.parseDocument()
    }

    /// Serializes like Python's `json.dumps`.
    ///
    /// - `pretty: false` uses the separators `", "` and `": "` on one line (`json.dumps` defaults).
    /// - `pretty: true` puts every element on its own line indented by `indent` spaces, with the
    ///   separators `","` and `": "` (what `to_nice_json` and `indent=` give).
    /// - `ensureASCII` escapes every non-ASCII character as `\uXXXX` (Python's default `ensure_ascii=True`).
    public static func serialize(
        _ value: Value, pretty: Bool = false, sortKeys: Bool = false, indent: Int = 4,
        ensureASCII: Bool = true
    ) -> String {
        var writer = JSONWriter(
            pretty: pretty, sortKeys: sortKeys, indent: max(0, indent), ensureASCII: ensureASCII)
        writer.write(value, level: 0)
        return writer.output
    }

    /// A float as Python's `repr` prints it (`1.0`, `0.1`, `1e-05`, `1e+16`), which is also how
    /// `json.dumps` and Jinja2's `{{ }}` print floats.
    public static func format(double: Double) -> String {
        PythonFloatFormat.repr(double)
    }
}

/// Why a JSON text was refused, and where: a byte offset plus the line and column it falls on.
public struct JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// Zero-based offset of the offending byte in the UTF-8 input.
    public var offset: Int
    /// One-based line and column (in bytes) of `offset`, for messages aimed at people.
    public var line: Int
    public var column: Int

    public init(message: String, offset: Int, line: Int, column: Int) {
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    public var description: String {
        "\(message) at line \(line) column \(column) (byte \(offset))"
    }
}

/// One shared copy of each long dictionary key, for keys that every host's results repeat.
///
/// A Swift string of up to 15 UTF-8 bytes lives inside the value itself; a longer one is a heap
/// object of its own. Module results are parsed once per host, so without sharing, 500 hosts'
/// facts hold 500 copies of `ansible_distribution_major_version` and ~60 keys like it (~4 KB a
/// host). Interned keys are the same heap object, counted by reference. The table is bounded:
/// keys that only one result has (a user's own data) stop being added once it is full, and are
/// then simply not shared.
public enum KeyInterning {
    static let capacity = 4096
    private static let table = Mutex<Set<String>>([])

    public static func shared(_ key: String) -> String {
        guard key.utf8.count > 15 else { return key }
        return table.withLock { keys in
            if keys.count < capacity { return keys.insert(key).memberAfterInsert }
            return keys.firstIndex(of: key).map { keys[$0] } ?? key
        }
    }
}
