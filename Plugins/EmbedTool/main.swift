import Foundation
import ProgramText

// Usage: embed-module-programs OUTPUT.swift FOLDER|FILE.sh...
// Writes `enum EmbeddedModulePrograms { static let sources: [String: String] }`, keyed by the
// file name without `.sh`. Each program is slimmed (`ProgramSlimmer`: no comment-only or blank
// lines, no indentation outside quotes and here-documents), since every host parses it on
// every task; raw string literals then keep that text byte-for-byte.
//
// A program too long for one file is split into parts: `NAME+PART.sh` beside `NAME.sh`, which
// says where the part goes with a line `#include NAME+PART.sh`. The line is replaced by the
// part's text, so a host receives one program, as if it had been written as one file; a part
// is no program of its own. Each part is included exactly once, by its own program, and
// includes nothing.
//
// A folder stands for the `.sh` files in it when the tool runs: the build plans its commands
// once and reuses the plan while the package's own sources stay the same, so a file added to
// `modules/` would be missing from a list made when the plan was.

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

let directive = "#include "
var errors: [String] = []
var files: [String: (path: String, text: String)] = [:]
var paths: [String] = []
for argument in arguments.dropFirst() {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder), isFolder.boolValue {
        let names = try FileManager.default.contentsOfDirectory(atPath: argument).filter { $0.hasSuffix(".sh") }
        paths += names.sorted().map { URL(fileURLWithPath: argument).appendingPathComponent($0).path }
    } else {
        paths.append(argument)
    }
}
for path in paths {
    let fileName = URL(fileURLWithPath: path).lastPathComponent
    files[fileName] = (path, try String(contentsOfFile: path, encoding: .utf8))
}

/// `text` with every `#include` line replaced by the part it names; records each part used.
func assemble(
    program name: String, path: String, text: String, files: [String: (path: String, text: String)],
    used: inout Set<String>, errors: inout [String]
) -> String {
    var lines = text.components(separatedBy: "\n")
    for index in lines.indices where lines[index].hasPrefix(directive) {
        let part = String(lines[index].dropFirst(directive.count))
        let place = "\(path):\(index + 1): error:"
        guard part.hasPrefix(name + "+"), part.hasSuffix(".sh"), !part.contains("/") else {
            errors.append("\(place) '\(part)' is not a part of \(name).sh (a part is named \(name)+PART.sh)")
            continue
        }
        guard let partFile = files[part] else {
            errors.append("\(place) no part '\(part)' beside \(name).sh")
            continue
        }
        guard used.insert(part).inserted else {
            errors.append("\(place) '\(part)' is included twice")
            continue
        }
        if partFile.text.components(separatedBy: "\n").contains(where: { $0.hasPrefix(directive) }) {
            errors.append("\(partFile.path): error: a part cannot include another part")
        }
        var partText = partFile.text
        if partText.hasSuffix("\n") { partText.removeLast() }
        lines[index] = partText
    }
    return lines.joined(separator: "\n")
}

var swift = "// Generated at build time from modules/*.sh. Do not edit.\n"
swift += "enum EmbeddedModulePrograms {\n    static let sources: [String: String] = [\n"
var used: Set<String> = []
var programs = 0
for fileName in files.keys.sorted() where !fileName.contains("+") {
    guard let file = files[fileName] else { continue }
    let name = String(fileName.dropLast(fileName.hasSuffix(".sh") ? 3 : 0))
    let source = assemble(program: name, path: file.path, text: file.text, files: files, used: &used, errors: &errors)
    let text = ProgramSlimmer.slim(source)
    let hashes = delimiter(for: text)
    swift += "        \"\(name)\": \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes),\n"
    programs += 1
}
for fileName in files.keys.sorted() where fileName.contains("+") && !used.contains(fileName) {
    errors.append("\(files[fileName]?.path ?? fileName): error: no program includes this part")
}
if !errors.isEmpty {
    FileHandle.standardError.write(Data((errors.joined(separator: "\n") + "\n").utf8))
    exit(1)
}
if programs == 0 { swift += "        :\n" }
swift += "    ]\n}\n"
try swift.write(toFile: outputPath, atomically: true, encoding: .utf8)
