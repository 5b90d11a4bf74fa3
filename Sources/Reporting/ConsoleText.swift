/// Text produced for one event, by stream: results go to standard output, warnings to
/// standard error (as Ansible writes them).
struct ConsoleText: Sendable {
    var output = ""
    var errors = ""

    var isEmpty: Bool { output.isEmpty && errors.isEmpty }
}
