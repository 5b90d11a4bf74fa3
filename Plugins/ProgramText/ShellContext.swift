/// Where the scanner is inside nested shell syntax; the innermost is last on the stack.
enum ShellContext: Sendable, Hashable {
    /// `'…'`: everything up to the next `'` is literal.
    case singleQuote
    /// `"…"`: `\`, `$` and the closing `"` mean something.
    case doubleQuote
    /// `$( … )`: commands again; `depth` counts the subshell parentheses opened inside.
    case substitution(depth: Int)
    /// `${ … }`; `quoted` when inside double quotes, where a `'` is ambiguous between shells.
    case parameter(quoted: Bool)
    /// `$(( … ))`; `depth` counts the parentheses opened inside.
    case arithmetic(depth: Int)
}
