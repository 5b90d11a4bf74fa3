import Diagnostics
import Foundation
import Inventory
import PlaybookModel
import Testing
import YAML

/// A 100 MB file given as a playbook, an inventory or a vars file is refused before it is read,
/// so memory stays flat; files under the limit are parsed within a bounded multiple of their size.
@Suite(.serialized) struct HugeInputTests {
    static let hugeBytes = 100 << 20
    /// Refusing must not read the file: the figure allows for noise from tests running meanwhile.
    static let refusalGrowthAllowed = 32.0

    /// Writes `size` bytes of `line` repeated (numbered so no two lines are equal) to `path`.
    static func writeLines(_ path: String, size: Int, line: (Int) -> String) throws {
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var written = 0
        var number = 0
        while written < size {
            var chunk = ""
            while chunk.utf8.count < 1 << 20 {
                chunk += line(number)
                number += 1
            }
            try handle.write(contentsOf: Data(chunk.utf8))
            written += chunk.utf8.count
        }
    }

    enum Loader: String, CaseIterable, Sendable { case yaml, playbook, iniInventory, yamlInventory, varsFile }

    static let fileTally = HostileTally("100 MB playbook, inventory and vars files refused before they are read (< 2 s, < 32 MB)", cases: Loader.allCases.count)

    static let stringTally = HostileTally("100 MB YAML string refused without a copy", cases: 1)

    @Test(arguments: Loader.allCases)
    func hundredMegabyteFileIsRefusedBeforeItIsRead(_ loader: Loader) throws {
        try Self.fileTally.run { checks in
            let directory = try HostileFiles.scratchDirectory()
            defer { HostileFiles.remove(directory) }
            let huge = directory.appendingPathComponent(loader == .iniInventory ? "hosts.ini" : "huge.yml").path
            if loader == .iniInventory {
                try Self.writeLines(huge, size: Self.hugeBytes) { "host\($0).example.com ansible_port=22\n" }
            } else {
                try Self.writeLines(huge, size: Self.hugeBytes) { "- name: item \($0) with a little text\n" }
            }
            var source = huge
            if loader == .varsFile {
                source = directory.appendingPathComponent("hosts.ini").path
                try "[web]\nweb1\n".write(toFile: source, atomically: false, encoding: .utf8)
                let groupVars = directory.appendingPathComponent("group_vars")
                try FileManager.default.createDirectory(at: groupVars, withIntermediateDirectories: true)
                try FileManager.default.moveItem(atPath: huge, toPath: groupVars.appendingPathComponent("web.yml").path)
            }
            let (diagnostics, use) = ResourceMeter.measure { () -> [Diagnostic] in
                do throws(DiagnosticList) {
                    switch loader {
                    case .yaml: _ = try YAMLLoader.loadFile(source)
                    case .playbook: _ = try PlaybookLoader.load(path: source)
                    case .iniInventory, .yamlInventory, .varsFile: _ = try Inventory.load(sources: [source])
                    }
                    return []
                } catch {
                    return error.diagnostics
                }
            }
            print("100 MB file through the \(loader.rawValue) loader: \(use) -> \(diagnostics.first?.message ?? "loaded")")
            let first = diagnostics.first { $0.severity == .error }
            checks.expect(first != nil, "a 100 MB file loaded")
            let message = first?.message ?? ""
            checks.expect(message.contains("limit") || message.contains("larger than"), "\(diagnostics)")
            checks.expect(use.seconds < 2, "\(use)")
            if let megabytes = use.peakGrowthMegabytes {
                checks.expect(megabytes < Self.refusalGrowthAllowed, "\(loader.rawValue): \(use)")
            }
        }
    }

    /// Text already in memory (`from_yaml` on a registered output) is refused without a copy.
    static let boundedTally = HostileTally("4 MB YAML file parsed in < 64× its size", cases: 1)

    @Test func hundredMegabyteStringIsRefusedWithoutCopyingIt() {
        Self.stringTally.run { checks in
            let text = String(repeating: "- name: item with a little text\n", count: Self.hugeBytes / 32)
            let (diagnostics, use) = ResourceMeter.measure { () -> [Diagnostic] in
                do throws(DiagnosticList) {
                    _ = try YAMLLoader.load(text, file: "huge.yml")
                    return []
                } catch {
                    return error.diagnostics
                }
            }
            print("100 MB string through YAMLLoader.load: \(use)")
            checks.expect(diagnostics.first?.kind == .limit)
            if let megabytes = use.peakGrowthMegabytes {
                checks.expect(megabytes < Self.refusalGrowthAllowed, "\(use)")
            }
        }
    }

    /// Under the limits a file is parsed; the node tree costs a bounded multiple of the text.
    static let nodesTally = HostileTally("1.2 million nodes refused in < 512 MB", cases: 1)

    @Test func fourMegabytesParseInBoundedMemory() throws {
        try Self.boundedTally.run { checks in
            let directory = try HostileFiles.scratchDirectory()
            defer { HostileFiles.remove(directory) }
            let path = directory.appendingPathComponent("large.yml").path
            try Self.writeLines(path, size: 4 << 20) { "- {name: item \($0), state: present, mode: '0644'}\n" }
            let (root, use) = ResourceMeter.measure { () -> Node? in
                do throws(DiagnosticList) {
                    return try YAMLLoader.loadFile(path)
                } catch {
                    Issue.record("\(error.diagnostics.first.map(String.init(describing:)) ?? "")")
                    return nil
                }
            }
            let items = root?.sequence?.count ?? 0
            let ratio = (use.peakGrowthMegabytes ?? 0) / 4
            print(String(format: "4 MB YAML file, %d items: parsed in %@, %.1f× the file", items, "\(use)", ratio))
            checks.expect(items > 80_000)
            checks.expect(ratio < 64, "\(use)")
        }
    }

    /// Past a million nodes a document is refused however small its text, so a file under the
    /// byte limit cannot build an arbitrarily large tree either.
    @Test func aMillionNodesAreRefusedWithBoundedMemory() throws {
        try Self.nodesTally.run { checks in
            let directory = try HostileFiles.scratchDirectory()
            defer { HostileFiles.remove(directory) }
            let path = directory.appendingPathComponent("many.yml").path
            try Self.writeLines(path, size: 8 << 20) { "- {name: item \($0), state: present, mode: '0644'}\n" }
            let (diagnostics, use) = ResourceMeter.measure { () -> [Diagnostic] in
                do throws(DiagnosticList) {
                    _ = try YAMLLoader.loadFile(path)
                    return []
                } catch {
                    return error.diagnostics
                }
            }
            print("8 MB YAML file of 1.2 million nodes: \(use) -> \(diagnostics.first?.message ?? "loaded")")
            checks.expect(diagnostics.first?.kind == .limit)
            checks.expect(diagnostics.first?.message.contains("more than 1000000 nodes") == true, "\(diagnostics)")
            if let megabytes = use.peakGrowthMegabytes {
                checks.expect(megabytes < 512, "\(use)")
            }
        }
    }
}
