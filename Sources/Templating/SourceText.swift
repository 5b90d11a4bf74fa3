import Diagnostics

/// The text of a template as Unicode scalars, with the line starts needed to turn an offset
/// back into a line and column for diagnostics.
struct SourceText: Sendable {
    let scalars: [Unicode.Scalar]
    private let lineStarts: [Int]

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        var starts = [0]
        for (index, scalar) in scalars.enumerated() where scalar == "\n" {
            starts.append(index + 1)
        }
        lineStarts = starts
    }

    var count: Int { scalars.count }

    /// Zero-based line and column of an offset.
    func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        let clamped = max(0, min(offset, scalars.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        return (low, clamped - lineStarts[low])
    }

    /// The mark of an offset, given where the text itself starts. On the first line the column
    /// is relative to the start mark; later lines of an inline string are best effort (their
    /// indentation in the YAML file is not known here), while for template files (`base` at
    /// line 1, column 1) the result is exact.
    func mark(forOffset offset: Int, base: Mark) -> Mark {
        if base.isSynthetic { return base }
        let (line, column) = lineAndColumn(of: offset)
        if line == 0 {
            return Mark(file: base.file, line: base.line, column: base.column + column)
        }
        return Mark(file: base.file, line: base.line + line, column: column + 1)
    }
}
