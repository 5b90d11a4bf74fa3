/// How large one string operation may make its result. Python builds whatever it is asked for;
/// on the controller a typo such as `'%.1000000000f'` or a hostile `center(10**9)` must become
/// an error naming the bound, not gigabytes of padding or minutes of copying.
enum BuildBounds {
    /// Widths, fill counts and precisions: padding is repetition, so it shares the bound of `*`.
    static let maximumWidth = Interpreter.maximumSequenceLength
    /// Bytes one join, replace or indent may produce: as much as a whole render may output by
    /// default, so no legitimate template meets it before the output limit.
    static let maximumBuiltBytes = 256 << 20

    /// A width the user wrote (`'%1000d'`, `'{:>20}'`, `ljust(20)`), refused past the bound.
    static func width(_ width: Int, at offset: Int) throws(TemplateFailure) -> Int {
        guard width <= maximumWidth else { throw tooWide("width", String(width), at: offset) }
        return width
    }

    /// A width or precision written as digits in a format spec; nil when there are none.
    static func number(_ digits: String, _ what: String, at offset: Int) throws(TemplateFailure) -> Int? {
        guard !digits.isEmpty else { return nil }
        // More digits than an Int holds is beyond the bound too.
        guard let value = Int(digits), value <= maximumWidth else { throw tooWide(what, digits, at: offset) }
        return value
    }

    /// Refuses an operation whose result would be `projected` bytes, before building it.
    static func check(projected: Int, _ operation: String, at offset: Int) throws(TemplateFailure) {
        guard projected > maximumBuiltBytes else { return }
        throw TemplateFailure(
            .limit, "\(operation) would build a string of more than \(maximumBuiltBytes) bytes", at: offset)
    }

    /// `parts.joined(separator:)`, refused before joining when the result would be too large.
    static func join(_ parts: [String], separator: String, at offset: Int) throws(TemplateFailure) -> String {
        var projected = product(max(0, parts.count - 1), separator.utf8.count)
        for part in parts { projected = sum(projected, part.utf8.count) }
        try check(projected: projected, "join", at: offset)
        return parts.joined(separator: separator)
    }

    /// Python's `str.replace`, refused before replacing when the result would be too large:
    /// `''` occurs between every two characters, so a long replacement multiplies the text.
    static func replace(_ s: String, _ old: String, _ new: String, count: Int, at offset: Int)
        throws(TemplateFailure) -> String
    {
        let growth = new.utf8.count - old.utf8.count
        if growth > 0 {
            var occurrences = PythonStrings.count(s, old)
            if count >= 0 { occurrences = min(occurrences, count) }
            try check(projected: sum(s.utf8.count, product(occurrences, growth)), "replace", at: offset)
        }
        return PythonStrings.replace(s, old, new, count: count)
    }

    /// `count × size` in bytes, saturating instead of overflowing: only the comparison matters.
    static func product(_ count: Int, _ size: Int) -> Int {
        let (result, overflow) = count.multipliedReportingOverflow(by: size)
        return overflow ? Int.max : result
    }

    static func sum(_ a: Int, _ b: Int) -> Int {
        let (result, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : result
    }

    private static func tooWide(_ what: String, _ value: String, at offset: Int) -> TemplateFailure {
        TemplateFailure(.limit, "\(what) \(value) exceeds the limit of \(maximumWidth)", at: offset)
    }
}
