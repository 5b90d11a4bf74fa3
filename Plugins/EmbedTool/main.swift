import Foundation

// Usage: embed-module-programs OUTPUT.swift FILE.sh...
// Writes `enum EmbeddedModulePrograms { static let sources: [String: String] }`, keyed by the
// file name without `.sh`. Raw string literals keep the shell text byte-for-byte.

let arguments = CommandLine.arguments.dropFirst()
guard let outputPath = arguments.first else {
    FileHandle.standardError.write(Data("usage: embed-module-programs OUTPUT FILE...\n".utf8))
    exit(64)
}

/// A raw-string delimiter that no quote or backslash in the text can end or escape.
func delimiter(for text: String) -> String {
    var hashes = 1
    func clashes(_ marks: String) -> Bool {
        text.contains("\"" + marks) || text.contains("\\" + marks)
    }
    while clashes(String(repeating: "#", count: hashes)) { hashes += 1 }
    return String(repeating: "#", count: hashes)
}

var swift = "// Generated at build time from modules/*.sh. Do not edit.\n"
swift += "enum EmbeddedModulePrograms {\n    static let sources: [String: String] = [\n"
for path in arguments.dropFirst().sorted() {
    let url = URL(fileURLWithPath: path)
    let name = url.deletingPathExtension().lastPathComponent
    let text = try String(contentsOf: url, encoding: .utf8)
    let hashes = delimiter(for: text)
    swift += "        \"\(name)\": \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes),\n"
}
if arguments.count == 1 { swift += "        :\n" }
swift += "    ]\n}\n"
try swift.write(toFile: outputPath, atomically: true, encoding: .utf8)
