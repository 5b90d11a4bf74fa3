import Foundation
import Modules
import Testing

/// A program in `modules/` may be split into parts (`NAME+PART.sh`, placed by a line
/// `#include NAME+PART.sh` in `NAME.sh`); the binary must still hold each program as one text,
/// the file with its parts in place, and no part as a program of its own.
struct ProgramPartsTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../modules").standardized

    static func files() throws -> [String: String] {
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".sh") {
            files[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }

    @Test func everyProgramIsItsFileWithItsPartsInPlace() throws {
        let files = try Self.files()
        let programs = files.keys.filter { !$0.contains("+") }
        #expect(Set(ModulePrograms.names) == Set(programs.map { String($0.dropLast(3)) }))
        var included: Set<String> = []
        for file in programs {
            let name = String(file.dropLast(3))
            let lines = try #require(files[file]).components(separatedBy: "\n").map { line -> String in
                guard line.hasPrefix("#include ") else { return line }
                let part = String(line.dropFirst("#include ".count))
                included.insert(part)
                let text = files[part] ?? ""
                return text.hasSuffix("\n") ? String(text.dropLast()) : text
            }
            #expect(ModulePrograms.source(named: name) == lines.joined(separator: "\n"), "\(file)")
        }
        #expect(included == Set(files.keys.filter { $0.contains("+") }), "a part no program includes")
    }

    @Test func partsAreCutWhereTheProgramsSay() throws {
        let files = try Self.files()
        for (part, text) in files where part.contains("+") {
            let program = String(part.prefix { $0 != "+" })
            let source = try #require(ModulePrograms.source(named: program), "\(part) has no program")
            #expect(source.contains(text), "\(part) is not in \(program)")
            #expect(!text.components(separatedBy: "\n").contains { $0.hasPrefix("#include") }, "\(part) includes")
        }
        for name in ModulePrograms.names {
            let source = try #require(ModulePrograms.source(named: name))
            #expect(!source.components(separatedBy: "\n").contains { $0.hasPrefix("#include") }, "\(name)")
        }
    }

    /// The library a connection receives once is still one text, parts and all.
    @Test func theLibraryIsOneOpeningWithItsFilesPart() throws {
        let library = try #require(ModulePrograms.source(named: "lib"))
        let opening = try #require(ModuleProgram.sharedOpening)
        #expect(opening == "{\n" + library + "\n")
        for function in ["pb_main", "pb_json_str", "pb_tmpdir", "pb_stat", "pb_atomic_commit", "pb_default_mode"] {
            #expect(library.contains("\n\(function)() {"), "\(function)")
        }
    }
}
