/// What a line of a shell program is, as far as slimming it goes.
public enum ShellLineKind: Sendable, Hashable {
    /// Starts outside every quote, substitution and here-document: its leading blanks end no
    /// word and mean nothing to the shell.
    case code
    /// Nothing but blanks, outside everything.
    case blank
    /// A `#` is its first non-blank byte, outside everything: the shell reads nothing of it.
    case comment
    /// Starts inside a here-document body (its delimiter line included), inside a quoted
    /// string or `$( … )` opened on an earlier line, after a line ending in a backslash, or after
    /// the point where the scanner stopped trusting its reading: every byte stays.
    case protected
}

/// A here-document whose body follows the line that asked for it.
struct HereDocument: Sendable, Hashable {
    /// The delimiter word with its quotes removed, as the line that ends the body spells it.
    var delimiter: [UInt8]
    /// `<<-`: the shell strips leading tabs from body lines, the delimiter line included.
    var stripsTabs: Bool
    /// An unquoted delimiter: the body is expanded, and a backslash can join its lines.
    var expands: Bool

    /// Whether `line` ends the body.
    func isEnd(_ line: ArraySlice<UInt8>) -> Bool {
        var rest = line
        if stripsTabs {
            while rest.first == UInt8(ascii: "\t") { rest = rest.dropFirst() }
        }
        return rest.elementsEqual(delimiter)
    }
}

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

extension UInt8 {
    var isBlank: Bool { self == UInt8(ascii: " ") || self == UInt8(ascii: "\t") }

    /// A byte that ends a word and starts a new one when unquoted: a blank or an operator.
    var endsWord: Bool {
        switch self {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: ";"), UInt8(ascii: "&"), UInt8(ascii: "|"),
            UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"):
            return true
        default:
            return false
        }
    }
}
