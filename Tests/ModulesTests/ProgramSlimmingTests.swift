import Foundation
import Modules
import ProgramText
import Testing

/// The programs a host receives are slimmed at build time; each must still be the program in
/// `modules/`, line for line, as the shell reads it.
struct ProgramSlimmingTests {
    static let programs: [String] = ModulePrograms.names

    /// A program's source as `modules/` assembles it and the slim text the build embedded.
    static func texts(of name: String) throws -> (source: String, slim: String) {
        let source = try #require(try ProgramPartsTests.assembled()[name], "no modules/\(name).sh")
        return (source, try #require(ModulePrograms.source(named: name)))
    }

    /// Walks the source beside its slim text: protected lines (here-document bodies, multi-line
    /// strings, continued lines) come out byte for byte, other lines without their indentation,
    /// and comment-only and blank lines not at all.
    @Test(arguments: programs)
    func slimTextIsTheSourceLessCommentsBlankLinesAndIndentation(_ name: String) throws {
        let (source, slim) = try Self.texts(of: name)
        let sourceLines = source.components(separatedBy: "\n")
        let kinds = ShellLineScanner.classify(source)
        try #require(kinds.count == sourceLines.count)
        var slimLines = slim.components(separatedBy: "\n")[...]
        if source.hasSuffix("\n") {
            // Both end in a newline, which leaves an empty last line in each.
            #expect(slim.hasSuffix("\n"))
            slimLines = slimLines.dropLast()
        }
        var dropped = 0
        for (number, (line, kind)) in zip(sourceLines.dropLast(source.hasSuffix("\n") ? 1 : 0), kinds).enumerated() {
            let trimmed = String(line.drop { $0 == " " || $0 == "\t" })
            let expected: String?
            switch kind {
            case .protected: expected = line
            case .code: expected = trimmed
            case .blank, .comment:
                #expect(trimmed.isEmpty || trimmed.hasPrefix("#"), "\(name).sh:\(number + 1) is no comment")
                let kept = ProgramSlimmer.keptCommentPrefixes.contains { trimmed.hasPrefix($0) }
                expected = number == 0 && line.hasPrefix("#!") ? line : kept ? trimmed : nil
            }
            guard let expected else {
                dropped += 1
                continue
            }
            guard let next = slimLines.popFirst() else {
                Issue.record("\(name): slim text ends before source line \(number + 1)")
                return
            }
            #expect(next == expected, "\(name).sh:\(number + 1)")
            if next != expected { return }
        }
        #expect(slimLines.isEmpty, "\(name): slim text has lines the source has not")
        #expect(dropped > 0 || !source.contains("\n#"), "\(name): nothing was slimmed")
    }

    /// The same through a shell that was not written for this: bash lists the program it parsed
    /// (no comments, its own layout, strings and bodies as written) identically for both texts.
    @Test(arguments: programs)
    func bashParsesTheSlimTextAsTheSource(_ name: String) throws {
        let (source, slim) = try Self.texts(of: name)
        let before = try ShellLineScannerTests.reprint(source)
        #expect(before.succeeded && before.stderrText.isEmpty, "\(name).sh: \(before.stderrText)")
        let after = try ShellLineScannerTests.reprint(slim)
        #expect(after.stderrText.isEmpty, "\(name): \(after.stderrText)")
        #expect(after.stdoutText == before.stdoutText, "\(name): bash reads the slim text differently")
        #expect(after.stdoutText.contains("pb_wrapped_program"))
    }

    @Test(arguments: programs)
    func dashAcceptsTheSlimText(_ name: String) throws {
        let slim = try #require(ModulePrograms.source(named: name))
        let output = try LocalShellConnection.execute(["dash", "-n"], stdin: Array(slim.utf8))
        #expect(output.succeeded, "\(name): \(output.stderrText)")
    }

    /// Every protected run of source lines (a here-document, a multi-line string) is in the
    /// slim text as one piece, byte for byte.
    @Test(arguments: programs)
    func protectedRegionsAreByteIdentical(_ name: String) throws {
        let (source, slim) = try Self.texts(of: name)
        let lines = source.components(separatedBy: "\n")
        let kinds = ShellLineScanner.classify(source)
        var searchFrom = slim.startIndex
        var index = 0
        while index < lines.count {
            guard kinds[index] == .protected else {
                index += 1
                continue
            }
            var end = index
            while end < lines.count && kinds[end] == .protected { end += 1 }
            // With the line before it (where the string or body opens), trimmed as it is slimmed.
            let opening = index > 0 ? String(lines[index - 1].drop { $0 == " " || $0 == "\t" }) + "\n" : ""
            let region = opening + lines[index..<end].joined(separator: "\n")
            let found = try #require(
                slim.range(of: region, range: searchFrom..<slim.endIndex), "\(name).sh:\(index + 1) region")
            searchFrom = found.upperBound
            index = end
        }
    }

    /// What slimming saves on the programs every run sends.
    @Test func slimmingSavesAFifthOrMore() throws {
        let sources = try ProgramPartsTests.assembled()
        var before = 0
        var after = 0
        for name in Self.programs {
            before += sources[name]?.utf8.count ?? 0
            after += ModulePrograms.source(named: name)?.utf8.count ?? 0
        }
        print("module programs: \(before) bytes as written, \(after) slim (\(100 - after * 100 / max(before, 1))% less)")
        #expect(after * 5 <= before * 4)
    }
}
