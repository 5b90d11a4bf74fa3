import Values

/// The text encodings the file lookups read: UTF-8 and its ASCII subset.
enum FileEncoding {
    static let utf8Names: Set<String> = ["utf-8", "utf8", "utf_8", "u8", "utf", "cp65001"]
    static let asciiNames: Set<String> = ["ascii", "us-ascii", "646"]

    /// The text of `name`, found like the `file` lookup finds it, in `encoding`.
    static func read(_ name: String, encoding: Value, call: LookupCall) throws(TemplateFailure) -> String {
        let encodingName = encoding.pythonString.lowercased()
        let isASCII = asciiNames.contains(encodingName)
        guard isASCII || utf8Names.contains(encodingName) else {
            throw call.fail("encoding '\(encoding.pythonString)' is not supported: only utf-8 and ascii files can be read")
        }
        let text = try call.readFile(name, in: "files")
        if isASCII, let byte = text.utf8.first(where: { $0 >= 0x80 }) {
            throw call.fail("'ascii' codec can't decode byte 0x\(String(byte, radix: 16)) in '\(name)'")
        }
        return text
    }
}
