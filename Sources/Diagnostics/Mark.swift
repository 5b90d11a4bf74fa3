/// Where a piece of input came from: a file and a 1-based line and column.
///
/// Every parsed value carries one so that an error found at run time — an undefined
/// variable in a task argument, a module failure — still points at the source.
public struct Mark: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A mark for input that has no file, such as `-e` on the command line.
    public static func synthetic(_ origin: String) -> Mark {
        Mark(file: origin, line: 0, column: 0)
    }

    public var isSynthetic: Bool { line == 0 }

    public var description: String {
        isSynthetic ? file : "\(file):\(line):\(column)"
    }
}
