/// A lookup term written as `key words name=value …` (`lookup('csvfile', 'Li file=elements.csv')`),
/// split as ansible-core's `parse_kv` splits it (`ArgumentWords`): a word with an unescaped `=`
/// is an option, and the other words, joined back with their spacing, are the search key.
struct LookupTermOptions {
    var key: String?
    var options: [(name: String, value: String)] = []

    /// Fails as ansible-core does on a quote or Jinja2 block left open.
    init(_ term: String, for call: LookupCall) throws(TemplateFailure) {
        let parsed: (options: [ArgumentWords.Option], free: [ArgumentWords.Word])
        do {
            parsed = try ArgumentWords.options(in: term)
        } catch {
            throw call.fail("failed at splitting arguments, either an unbalanced jinja2 block or quotes: \(term)")
        }
        options = parsed.options.map { ($0.name, $0.value) }
        if !parsed.free.isEmpty { key = ArgumentWords.join(parsed.free.map(\.text)) }
    }
}
