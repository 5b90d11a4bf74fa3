/// The colours Ansible's default configuration gives each kind of output, as SGR codes.
enum ANSIColor: String, Sendable {
    case green = "0;32"
    case yellow = "0;33"
    case red = "0;31"
    case brightRed = "1;31"
    case cyan = "0;36"
    case brightPurple = "1;35"
    case purple = "0;35"
    case blue = "0;34"
    case darkGray = "1;30"

    static let ok = ANSIColor.green
    static let included = ANSIColor.cyan
    static let changed = ANSIColor.yellow
    static let error = ANSIColor.red
    static let unreachable = ANSIColor.brightRed
    static let skip = ANSIColor.cyan
    static let warn = ANSIColor.brightPurple
    static let deprecate = ANSIColor.purple
    static let verbose = ANSIColor.blue
    static let debug = ANSIColor.darkGray
    static let diffAdd = ANSIColor.green
    static let diffRemove = ANSIColor.red
    static let diffLines = ANSIColor.cyan
}

/// Colours text exactly as Ansible's `stringc` does: every line of the text is wrapped on its
/// own, including the empty piece after a trailing newline. Terminals do not care, but golden
/// files comparing our bytes with Ansible's do.
struct ANSIPainter: Sendable {
    var enabled: Bool

    func paint(_ text: String, _ color: ANSIColor?) -> String {
        guard enabled, let color else { return text }
        // Split on the byte, not the Character: "\r\n" is one Character in Swift but two in Python.
        return text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { "\u{1B}[\(color.rawValue)m\(String(decoding: $0, as: UTF8.self))\u{1B}[0m" }
            .joined(separator: "\n")
    }

    /// Ansible's `Display.display`: colour the message without its final newline, then end the line.
    func line(_ message: String, _ color: ANSIColor? = nil) -> String {
        var body = message
        if body.utf8.last == UInt8(ascii: "\n") { body.unicodeScalars.removeLast() }
        return paint(body, color) + "\n"
    }
}
