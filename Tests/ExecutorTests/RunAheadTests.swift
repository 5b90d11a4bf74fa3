import Foundation
import Testing

/// A `linear` play lets each host go on to its next task as soon as its own result is in,
/// where no host can see another's progress, and still prints and ends as a lockstep run.
/// Three local hosts (connection local); one of them, in the first task, watches whether
/// another has already run the second.
struct RunAheadTests {
    static let hosts = ["a", "b", "c"]

    struct Run {
        var directory: String
        var output: PlaybookProcess.Output

        /// What host a found in the first step: "ahead" or "waited".
        var saw: String {
            let text = (try? String(contentsOfFile: "\(directory)/a-saw", encoding: .utf8)) ?? ""
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// Runs `tasks` (YAML, indented for a play's `tasks:`) on the three hosts, with `playExtra`
    /// lines added to the play.
    static func run(_ tasks: String, playExtra: String = "", handlers: String = "") throws -> Run {
        let directory = try FixtureFiles.temporaryDirectory("pb-runahead")
        let inventory = hosts.map { "\($0) ansible_connection=local" }.joined(separator: "\n") + "\n"
        try inventory.write(toFile: directory + "/hosts", atomically: true, encoding: .utf8)
        var playbook = """
            - name: run ahead
              hosts: all
              gather_facts: false
              vars:
                dir: \(directory)
            \(playExtra)
              tasks:
            \(tasks)
            """
        if !handlers.isEmpty { playbook += "\n  handlers:\n" + handlers }
        try playbook.write(toFile: directory + "/play.yml", atomically: true, encoding: .utf8)
        let output = try PlaybookProcess.run(["-i", directory + "/hosts", directory + "/play.yml"], in: directory)
        return Run(directory: directory, output: output)
    }

    /// Host a waits in the first step (up to 10 s) for b to have run the second; it notes
    /// whether b did, which only a host running ahead can.
    static let steps = """
            - name: a slow first step on a
              shell: >-
                if [ {{ inventory_hostname }} = a ]; then
                i=0; while [ ! -e {{ dir }}/b-second ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done;
                if [ -e {{ dir }}/b-second ]; then echo ahead; else echo waited; fi > {{ dir }}/a-saw; fi
            - name: the second step
              shell: "touch {{ dir }}/{{ inventory_hostname }}-second SECOND"
            - name: the third step
              command: "true"
        """

    @Test func hostsGoOnWithoutWaitingForASlowOne() throws {
        let run = try Self.run(Self.steps.replacingOccurrences(of: " SECOND", with: ""))
        #expect(run.output.status == 0, "\(run.output)")
        #expect(run.saw == "ahead", "b waited for a\n\(run.output)")
        // The console still reads as a lockstep run: each banner once, in order, with every
        // host's result under it.
        let banners = run.output.stdout.split(separator: "\n").filter { $0.hasPrefix("TASK [") }
        #expect(banners.count == 3 && banners[0].contains("slow first") && banners[2].contains("third"), "\(run.output)")
        let order = BehaviourLabTests.resultOrder(run.output.stdout)
        #expect(order.map(\.task) == Array(repeating: "a slow first step on a", count: 3)
            + Array(repeating: "the second step", count: 3) + Array(repeating: "the third step", count: 3),
            "\(run.output)")
        for host in Self.hosts { #expect(run.output.recap[host]?["changed"] == 3, "\(run.output)") }
    }

    @Test func aTaskThatCanSeeOtherHostsWaitsForThem() throws {
        // `hostvars` in the second step: its hosts must all have finished the first.
        let run = try Self.run(Self.steps.replacingOccurrences(of: " SECOND", with: " # {{ hostvars | length }}"))
        #expect(run.output.status == 0, "\(run.output)")
        #expect(run.saw == "waited", "b ran ahead\n\(run.output)")
    }

    @Test func aKeywordThatTiesHostsTogetherKeepsTheLockstep() throws {
        let run = try Self.run(Self.steps.replacingOccurrences(of: " SECOND", with: ""), playExtra: "  any_errors_fatal: false")
        #expect(run.output.status == 0, "\(run.output)")
        #expect(run.saw == "waited", "b ran ahead\n\(run.output)")
    }

    /// Failures, ignored failures, registered results, skips and handlers give the same output
    /// and recap as a lockstep run (`any_errors_fatal: false` keeps one, changing nothing else).
    @Test func endsAndPrintsAsALockstepRun() throws {
        let tasks = """
                - name: note the host
                  shell: "if [ {{ inventory_hostname }} = a ]; then sleep 1; fi; echo {{ inventory_hostname }}"
                  register: noted
                  notify: done
                - name: fail on b
                  fail:
                    msg: "b fails here"
                  when: inventory_hostname == 'b'
                - name: fail on c, ignored
                  command: "false"
                  when: inventory_hostname == 'c'
                  ignore_errors: true
                - name: say what was noted
                  debug:
                    msg: "{{ noted.stdout }} goes on"
            """
        let handlers = """
                - name: done
                  debug:
                    msg: "handler on {{ inventory_hostname }}"
            """
        let ahead = try Self.run(tasks, handlers: handlers)
        let lockstep = try Self.run(tasks, playExtra: "  any_errors_fatal: false", handlers: handlers)
        #expect(ahead.output.status == 2, "\(ahead.output)")
        #expect(ahead.output.status == lockstep.output.status)
        #expect(ahead.output.recap == lockstep.output.recap, "\(ahead.output)\n\(lockstep.output)")
        #expect(Self.normalized(ahead.output.stdout) == Self.normalized(lockstep.output.stdout),
            "\(ahead.output)\n\(lockstep.output)")
        #expect(ahead.output.stdout.contains("\"msg\": \"a goes on\""), "\(ahead.output)")
        #expect(!ahead.output.stdout.contains("\"msg\": \"b goes on\""), "\(ahead.output)")
    }

    /// Each task's block of lines sorted (hosts finish a task in any order), without times.
    static func normalized(_ stdout: String) -> [[String]] {
        var blocks: [[String]] = [[]]
        // A command's times differ from run to run.
        let timeless = stdout.replacing(/"(delta|start|end)": "[^"]*"/) { "\"\($0.output.1)\": \"\"" }
        for line in timeless.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("TASK [") || line.hasPrefix("RUNNING HANDLER [") || line.hasPrefix("PLAY") { blocks.append([]) }
            blocks[blocks.count - 1].append(String(line))
        }
        return blocks.map { $0.sorted() }
    }
}
