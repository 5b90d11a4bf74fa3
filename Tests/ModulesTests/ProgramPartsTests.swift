import Foundation
import Modules
import ProgramText
import Testing

/// A program in `modules/` may be split into parts (`NAME+PART.sh`, placed by a line
/// `#include NAME+PART.sh` in `NAME.sh`); the binary must still hold each program as one text,
/// the file with its parts in place (then slimmed), and no part as a program of its own.
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

    /// Every program as written, by name without `.sh`: its file with each included part in place.
    static func assembled() throws -> [String: String] {
        try assembled(from: files()).programs
    }

    static func assembled(from files: [String: String]) -> (programs: [String: String], included: Set<String>) {
        var programs: [String: String] = [:]
        var included: Set<String> = []
        for (file, text) in files where !file.contains("+") {
            let lines = text.components(separatedBy: "\n").map { line -> String in
                guard line.hasPrefix("#include ") else { return line }
                let part = String(line.dropFirst("#include ".count))
                included.insert(part)
                let text = files[part] ?? ""
                return text.hasSuffix("\n") ? String(text.dropLast()) : text
            }
            programs[String(file.dropLast(3))] = lines.joined(separator: "\n")
        }
        return (programs, included)
    }

    @Test func everyProgramIsItsFileWithItsPartsInPlace() throws {
        let files = try Self.files()
        let (programs, included) = Self.assembled(from: files)
        #expect(Set(ModulePrograms.names) == Set(programs.keys))
        for (name, text) in programs {
            #expect(ModulePrograms.source(named: name) == ProgramSlimmer.slim(text), "\(name).sh")
        }
        #expect(included == Set(files.keys.filter { $0.contains("+") }), "a part no program includes")
    }

    @Test func partsAreCutWhereTheProgramsSay() throws {
        let files = try Self.files()
        for (part, text) in files where part.contains("+") {
            let program = String(part.prefix { $0 != "+" })
            let source = try #require(ModulePrograms.source(named: program), "\(part) has no program")
            // A part starts and ends outside every quote, so it slims alone as it does in place.
            #expect(source.contains(ProgramSlimmer.slim(text)), "\(part) is not in \(program)")
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
        #expect(opening == library + "\n")
        for function in ["pb_main", "pb_json_str", "pb_tmpdir", "pb_stat", "pb_atomic_commit", "pb_default_mode"] {
            #expect(library.contains("\n\(function)() {"), "\(function)")
        }
    }
}
