import Diagnostics
import Foundation
import Testing
import Values
import YAML

/// Large inputs load completely and correctly. Their times are printed as figures, not asserted:
/// a wall-clock bound flakes on a busy machine, so speed is measured by `bench/parse` instead.
@Suite struct PerformanceTests {
    /// A play with `count` tasks of 13 nodes each.
    static func playbook(tasks count: Int) -> String {
        var text = "- hosts: all\n  tasks:\n"
        text.reserveCapacity(count * 150)
        for index in 0..<count {
            text += """
                    - name: Install package number \(index)
                      apt:
                        name: "pkg-\(index)"
                        state: present
                      when: ansible_os_family == 'Debian'
                      register: result_\(index)

                """
        }
        return text
    }

    func seconds(_ work: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try work()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    @Test func fiveThousandTaskPlaybookLoadsQuickly() throws {
        let text = Self.playbook(tasks: 5_000)
        var root: Node?
        let loading = try seconds { root = try YAMLLoader.load(text, file: "big.yml") }
        var value: Value = .null
        let resolving = seconds { value = root?.toValue() ?? .null }
        #expect(value[0]?["tasks"]?.listValue?.count == 5_000)
        #expect(value[0]?["tasks"]?[4_999]?["apt"]?["name"] == "pkg-4999")
        print("YAML figure: 5,000-task playbook loaded in \(loading) s, resolved in \(resolving) s")
    }

    @Test func wideMappingsCheckDuplicatesInLinearTime() throws {
        let keys = 100_000
        let text = (0..<keys).map { "key\($0): \($0)" }.joined(separator: "\n") + "\nkey5: again\n"
        var diagnostics: [String] = []
        let elapsed = seconds {
            do throws(DiagnosticList) {
                _ = try YAMLLoader.load(text, file: "wide.yml")
            } catch {
                diagnostics = error.diagnostics.map(\.message)
            }
        }
        #expect(diagnostics == ["duplicate key 'key5'"])
        print("YAML figure: 100,000-key mapping with a duplicate checked in \(elapsed) s")
    }

    @Test func longSequencesLoadInLinearTime() throws {
        let text = "[" + Array(repeating: "item", count: 200_000).joined(separator: ", ") + "]"
        var count = 0
        let elapsed = try seconds { count = try YAMLLoader.load(text, file: "long.yml")?.sequence?.count ?? 0 }
        #expect(count == 200_000)
        print("YAML figure: 200,000-item sequence loaded in \(elapsed) s")
    }
}

extension Value {
    fileprivate subscript(index: Int) -> Value? {
        guard let list = listValue, list.indices.contains(index) else { return nil }
        return list[index]
    }
}
