import Foundation
import Modules
import Testing
import Transport

/// FileMode against the reference: GNU chmod on real files and directories. The shell
/// arithmetic the programs receive must give the same modes as the Swift evaluation.
struct FileModeTests {
    static let modes: [String] = {
        let text = (try? String(contentsOfFile: FixtureFiles.path("modes.txt"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
    }()
    static let starts: [UInt16] = [0o000, 0o644, 0o755, 0o600, 0o4711, 0o070]

    @Test func theTableLoaded() {
        #expect(Self.modes.count >= 15)
    }

    @Test(arguments: modes)
    func agreesWithChmodAndWithItsShellArithmetic(_ text: String) throws {
        let mode = try #require(FileMode(parsing: text), "cannot parse \(text)")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pb-mode-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for start in Self.starts {
            for isDirectory in [false, true] {
                let path = scratch + "/p"
                if isDirectory { mkdir(path, 0o700) } else { FileManager.default.createFile(atPath: path, contents: nil) }
                let startText = FileMode.octalText(start)
                let script =
                    "umask 0; chmod \(startText) p && chmod \(ShellQuote.quote(text)) p && stat -c %a p; "
                    + "m=$((0\(startText))); d=\(isDirectory ? 1 : 0); \(mode.shellStatements); printf '%o\\n' \"$m\""
                let output = try LocalShellConnection.execute(["sh", "-c", "cd \(ShellQuote.quote(scratch)) && \(script)"], stdin: [])
                let lines = output.stdoutText.split(separator: "\n").map(String.init)
                let expected = mode.apply(to: start, isDirectory: isDirectory)
                #expect(lines.count == 2, "\(output.stderrText)")
                // GNU chmod keeps a directory's set-uid and set-gid bits; Ansible (os.chmod) and we do not.
                let chmodBits = UInt16(lines.first ?? "", radix: 8).map { isDirectory ? $0 & ~0o6000 : $0 }
                #expect(chmodBits == (isDirectory ? expected & ~0o6000 : expected), "\(text) from \(startText) dir=\(isDirectory)")
                #expect(UInt16(lines.last ?? "", radix: 8) == expected, "shell arithmetic for \(text)")
                rmdir(path)
                unlink(path)
            }
        }
    }

    @Test func invalidModesAreRefused() {
        for text in ["", "0999", "u=rwz", "u+", "rw", "u=r,", "g=uo", "07777 ", "12345"] {
            let parsed = FileMode(parsing: text)
            if text == "u+" {
                #expect(parsed != nil, "`u+` adds nothing but is valid chmod")
            } else {
                #expect(parsed == nil, "\(text) should be refused")
            }
        }
    }
}
