import Templating

/// Ansible's `key=value` argument strings (`apt: name=nginx state=present`,
/// `command: chdir=/srv ls -l`), split the way Ansible's `split_args`/`parse_kv` do so
/// existing playbooks mean the same thing: spaces separate words except inside quotes and
/// Jinja2 blocks, surrounding quotes are removed from values, and words that are not
/// `key=value` are joined back, spacing and newlines kept, as the free-form `_raw_params`.
struct KeyValueArguments: Equatable {
    struct Argument: Equatable {
        var name: String
        var value: String
        /// Character offset of the word in the text, for marks.
        var offset: Int
    }

    var arguments: [Argument] = []
    var rawParams: String?
    var rawParamsOffset = 0

    /// Keys that stay arguments even in free-form text (`command: chdir=/tmp make`).
    static let freeFormOptions: Set<String> = [
        "creates", "removes", "chdir", "executable", "warn", "stdin", "stdin_add_newline", "strip_empty_ends",
    ]

    enum Problem: Error, Equatable {
        case unbalanced
    }

    /// `freeForm`: only `freeFormOptions` are taken as arguments; other `k=v` words are part
    /// of the command line.
    static func parse(_ text: String, freeForm: Bool) throws(Problem) -> KeyValueArguments {
        let parsed: (options: [ArgumentWords.Option], free: [ArgumentWords.Word])
        do {
            parsed = try ArgumentWords.options(in: text) { !freeForm || freeFormOptions.contains($0) }
        } catch {
            throw .unbalanced
        }
        var result = KeyValueArguments()
        result.arguments = parsed.options.map { Argument(name: $0.name, value: $0.value, offset: $0.offset) }
        if let first = parsed.free.first {
            result.rawParams = ArgumentWords.join(parsed.free.map(\.text))
            result.rawParamsOffset = first.offset
        }
        return result
    }
}
