/// Where a golden text and the text a run produced first part, for a failing test's message:
/// a whole transcript in an expectation is unreadable, its first differing line is not.
public enum TextDifference {
    /// The first line where the two differ, with its number and both versions escaped (so a
    /// trailing blank or a tab shows); "no difference" when every line is the same.
    public static func firstLine(expected: String, actual: String) -> String {
        let wanted = expected.components(separatedBy: "\n")
        let got = actual.components(separatedBy: "\n")
        for index in 0..<max(wanted.count, got.count) {
            let left = index < wanted.count ? wanted[index] : "<end>"
            let right = index < got.count ? got[index] : "<end>"
            if left != right {
                return "line \(index + 1):\n  expected: \(left.debugDescription)\n  actual:   \(right.debugDescription)"
            }
        }
        return "no difference"
    }
}
