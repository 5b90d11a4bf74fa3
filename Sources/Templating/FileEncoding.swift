import Values

/// The text encodings the file lookups read: UTF-8, its ASCII subset, and Latin-1 (where every
/// byte is the character of the same number). Names are matched as Python's codec registry
/// matches them: any case, `-`, `_` and spaces alike.
enum FileEncoding {
    case utf8, ascii, latin1

    init?(named name: String) {
        let normalized = String(name.lowercased().map { $0 == "-" || $0 == " " ? "_" : $0 })
        switch normalized {
        case "utf_8", "utf8", "u8", "utf", "cp65001": self = .utf8
        case "ascii", "us_ascii", "646": self = .ascii
        case "latin_1", "latin1", "l1", "iso_8859_1", "iso8859_1", "8859", "cp819", "latin", "iso_ir_100": self = .latin1
        default: return nil
        }
    }

    /// The text of `name`, found like the `file` lookup finds it, in `encoding`.
    static func read(_ name: String, encoding: Value, call: LookupCall) throws(TemplateFailure) -> String {
        guard let decoding = FileEncoding(named: encoding.pythonString) else {
            throw call.fail(
                "encoding '\(encoding.pythonString)' is not supported: only utf-8, ascii and latin-1 files can be read")
        }
        if decoding == .latin1 { return try latin1Text(call.locate(name, in: "files"), call: call) }
        let text = try call.readFile(name, in: "files")
        if decoding == .ascii, let byte = text.utf8.first(where: { $0 >= 0x80 }) {
            throw call.fail("'ascii' codec can't decode byte 0x\(String(byte, radix: 16)) in '\(name)'")
        }
        return text
    }

    private static func latin1Text(_ path: String, call: LookupCall) throws(TemplateFailure) -> String {
        switch ControllerFiles.readBytes(path) {
        case .missing: throw call.fail("could not read '\(path)'")
        case .tooLarge:
            throw TemplateFailure(
                .limit, "lookup('\(call.name)'): '\(path)' is larger than \(ControllerFiles.maximumFileBytes >> 20) MiB",
                at: call.offset)
        case .bytes(let bytes):
            // Every byte is the character of the same number.
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        }
    }
}
