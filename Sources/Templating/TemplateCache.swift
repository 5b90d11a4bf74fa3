
/// Compiled templates or expressions by source, shared by every thread rendering with one
/// engine. Failures are cached too, so a broken string is diagnosed once.
final class TemplateCache<Key: Hashable, Entry>: @unchecked Sendable {
    /// Past this many entries the cache starts over: a run has far fewer distinct strings,
    /// and a bound keeps memory flat if something generates templates endlessly.
    static var capacity: Int { 8192 }

    private let lock = PlainLock()
    private var entries: [Key: Entry] = [:]

    func entry(for key: Key, compile: () -> Entry) -> Entry {
        lock.lock()
        if let found = entries[key] {
            lock.unlock()
            return found
        }
        lock.unlock()
        // Compiling outside the lock lets threads compile different texts at once; two threads
        // compiling the same text produce equal results, so either may win.
        let compiled = compile()
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = compiled
        return compiled
    }
}

/// A template is compiled differently under different options (trim_blocks and the like).
struct TemplateKey: Hashable {
    var text: String
    var options: TemplateOptions
}
