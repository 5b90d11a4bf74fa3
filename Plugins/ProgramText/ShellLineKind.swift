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
