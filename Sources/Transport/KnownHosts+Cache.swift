extension KnownHosts {
    /// Each known_hosts file parsed once per content, shared by every connection of the run.
    ///
    /// Parsing is the costly part of host key checking: a lab or fleet known_hosts of a few
    /// hundred lines took more controller instructions than everything else a no-change run does,
    /// once per connection. The cache is keyed by the file's exact bytes (reading is cheap), so an
    /// entry appended by `accept-new`, or any edit, is seen by the next connection without relying
    /// on modification times.
    final class ParseCache: @unchecked Sendable {
        static let shared = ParseCache()

        private struct Parsed {
            var bytes: [UInt8]
            var knownHosts: KnownHosts
        }

        private let lock = PlainLock()
        private var byPath: [String: Parsed] = [:]

        func knownHosts(file: String, bytes: [UInt8]) -> KnownHosts {
            // Parsed under the lock: every host connects at once at the start of a run, and
            // letting them wait for the one parse beats each of them doing it (measured: 50
            // hosts all missing an unlocked cache cost as much as no cache).
            lock.withLock {
                if let cached = byPath[file], FileText.sameBytes(cached.bytes, bytes) { return cached.knownHosts }
                let parsed = KnownHosts.parse(String(decoding: bytes, as: UTF8.self), file: file)
                byPath[file] = Parsed(bytes: bytes, knownHosts: parsed)
                return parsed
            }
        }
    }
}
