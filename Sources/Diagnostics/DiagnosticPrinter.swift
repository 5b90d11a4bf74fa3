#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Renders diagnostics the way a compiler does:
///
///     site.yml:14:9: error: unknown argument 'nme' for module 'apt'
///        14 |         nme: nginx
///           |         ^
///           = hint: did you mean 'name'?
public struct DiagnosticPrinter {
    public var useColor: Bool
    /// Where source lines come from; tests substitute in-memory text.
    public var readSource: (String) -> String?

    public init(useColor: Bool, readSource: @escaping (String) -> String? = DiagnosticPrinter.readFile) {
        self.useColor = useColor
        self.readSource = readSource
    }

    /// Colour only when stderr is a terminal and the user did not ask for none.
    public static func forStandardError() -> DiagnosticPrinter {
        let noColor = getenv("NO_COLOR").map { String(cString: $0) }.map { !$0.isEmpty } ?? false
        return DiagnosticPrinter(useColor: isatty(2) == 1 && !noColor)
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        for diagnostic in diagnostics {
            out += render(diagnostic)
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        if errors > 1 {
            out += "\(errors) errors\n"
        }
        return out
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var out = ""
        let location = diagnostic.mark.map { "\($0): " } ?? ""
        out += paint(location, .bold)
        out += paint("\(diagnostic.severity.rawValue):", color(for: diagnostic.severity))
        out += " " + paint(diagnostic.message, .bold) + "\n"
        if let mark = diagnostic.mark {
            out += excerpt(at: mark)
        }
        if let hint = diagnostic.hint {
            out += "      = " + paint("hint:", .cyan) + " \(hint)\n"
        }
        for note in diagnostic.notes {
            out += paint("\(note.mark): ", .bold) + paint("note:", .cyan) + " \(note.message)\n"
            out += excerpt(at: note.mark)
        }
        return out
    }

    /// The source line and a caret under the column, or nothing when the source is not a file.
    private func excerpt(at mark: Mark) -> String {
        guard !mark.isSynthetic, let text = readSource(mark.file) else { return "" }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return "" }
        let line = lines[mark.line - 1].replacingTabs()
        let number = String(mark.line)
        let gutter = String(repeating: " ", count: max(4, number.count + 1))
        let padded = String(repeating: " ", count: gutter.count - number.count) + number
        let caretColumn = max(1, min(mark.column, line.count + 1))
        let caretPad = String(repeating: " ", count: caretColumn - 1)
        return "\(paint(padded, .blue)) | \(line)\n\(gutter) | \(caretPad)\(paint("^", .green))\n"
    }

    public static func readFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
            if bytes.count > 64 << 20 { return nil }  // not a source file worth quoting
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private enum Style: String {
        case bold = "1", red = "1;31", yellow = "1;33", cyan = "1;36", blue = "1;34", green = "1;32"
    }

    private func color(for severity: Diagnostic.Severity) -> Style {
        switch severity {
        case .error: return .red
        case .warning: return .yellow
        case .note: return .cyan
        }
    }

    private func paint(_ text: String, _ style: Style) -> String {
        guard useColor, !text.isEmpty else { return text }
        return "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m"
    }
}

extension Substring {
    /// Tabs become single spaces so the caret lines up with the column libyaml reports.
    fileprivate func replacingTabs() -> String {
        String(self.map { $0 == "\t" ? " " : $0 })
    }
}
