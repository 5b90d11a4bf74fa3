import Diagnostics
import Testing
import YAML

/// Thousands of small corruptions of a realistic playbook: each must either load or fail with
/// located diagnostics — never crash, hang, or report a place outside the file.
@Suite struct MutationTests {
    static let playbook = """
        ---
        # Configure web servers
        - name: Web servers
          hosts: web
          become: yes
          vars: &vars
            http_port: 80
            packages: [nginx, "curl", 'git']
            motd: |
              Welcome
              to the host
          tasks:
            - name: Install packages
              apt: {name: "{{ packages }}", state: present}
              tags: [setup]
            - name: Template config
              template:
                src: nginx.conf.j2
                dest: /etc/nginx/nginx.conf
                mode: "0644"
              notify: restart nginx
            - <<: *vars
              name: merged
          handlers:
            - name: restart nginx
              service: name=nginx state=restarted
        """

    /// Characters that mean something to YAML, and a few that break encodings.
    static let hazards: [[UInt8]] = [
        ":", "-", "[", "]", "{", "}", "\"", "'", "\t", "&", "*", "!", "|", ">", "#", "%", "@", "`", "?",
        ",", " ", "\n", "  ", "---", "...", "*vars", "&x", "!!int", "<<: ", "\\", "é",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0x00], [0x07], [0xEF, 0xBB, 0xBF]]

    /// A small deterministic generator, so a failure names a reproducible case.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static func mutant(_ seed: UInt64) -> [UInt8] {
        var generator = Generator(state: seed)
        var bytes = Array(playbook.utf8)
        for _ in 0...generator.next(3) {
            let position = generator.next(bytes.count)
            switch generator.next(3) {
            case 0:
                bytes.insert(contentsOf: hazards[generator.next(hazards.count)], at: position)
            case 1:
                bytes.removeSubrange(position..<min(bytes.count, position + 1 + generator.next(4)))
            default:
                bytes.replaceSubrange(position...position, with: hazards[generator.next(hazards.count)])
            }
        }
        return bytes
    }

    @Test(arguments: 0..<8)
    func corruptedPlaybooksFailCleanly(_ batch: Int) throws {
        var failures = 0
        for seed in UInt64(batch * 500)..<UInt64(batch * 500 + 500) {
            let bytes = Self.mutant(seed)
            let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
            do {
                if let node = try YAMLLoader.load(bytes: bytes, file: "mutant.yml") {
                    _ = node.toValue()
                }
            } catch {
                failures += 1
                #expect(!error.diagnostics.isEmpty, "seed \(seed)")
                for diagnostic in error.diagnostics {
                    let mark = try #require(diagnostic.mark, "seed \(seed): \(diagnostic)")
                    #expect(mark.file == "mutant.yml")
                    #expect(mark.line >= 1 && mark.line <= lines + 1, "seed \(seed): \(diagnostic)")
                    #expect(mark.column >= 1, "seed \(seed): \(diagnostic)")
                    #expect(!diagnostic.message.isEmpty)
                }
            }
        }
        // Most corruptions of YAML syntax are caught; a mutation run that never fails tests nothing.
        #expect(failures > 50, "only \(failures) of 500 mutants failed")
    }
}
